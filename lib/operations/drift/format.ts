import { API_VERSION, markdownCell, markdownCode } from '../../model';
import { DRIFT_KINDS, type DriftKind, type DriftReport } from './drift';

const TITLES: Record<DriftKind, string> = {
  'unit-missing': 'Units missing',
  unmanaged: 'Unmanaged accounts and subscriptions',
  'duplicate-unit': 'Units mapped to more than one account or subscription',
  'wrong-placement': 'Units in the wrong OU / management group',
  'node-missing': 'Hierarchy nodes missing',
  'guardrail-detached': 'Guardrails detached',
  'guardrail-extra': 'Guardrails attached that the catalog does not place',
  'lifecycle-mismatch': 'Status contradicts lifecycle',
  'baseline-drifted': 'Baseline stacks drifted',
};

export function driftKindTitle(kind: DriftKind): string {
  return TITLES[kind];
}

/** What was compared, in one line: the clouds read, the ones not read, and when the snapshot was taken. */
function scope(report: DriftReport): string {
  const parts = [`read: ${report.clouds.join(', ') || 'nothing'}`];
  if (report.notRead.length) parts.push(`not read (nothing is claimed about them): ${report.notRead.join(', ')}`);
  if (report.takenAt) parts.push(`snapshot taken ${report.takenAt}`);
  return parts.join('; ');
}

export function formatDrift(report: DriftReport, format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') {
    return JSON.stringify({ apiVersion: API_VERSION, kind: 'Drift', inSync: report.inSync, clouds: report.clouds, notRead: report.notRead, ...(report.takenAt ? { takenAt: report.takenAt } : {}), count: report.findings.length, findings: report.findings }, null, 2);
  }
  const groups = DRIFT_KINDS.map((k) => [k, report.findings.filter((f) => f.kind === k)] as const).filter(([, fs]) => fs.length);
  if (format === 'markdown') {
    const lines = [`## vend drift: ${report.inSync ? 'in sync' : `${report.findings.length} finding(s)`}`, '', markdownCell(scope(report))];
    for (const [kind, fs] of groups) {
      lines.push('', `### ${TITLES[kind]} (${fs.length})`, '', '| Cloud | Unit | Resource | Finding |', '| --- | --- | --- | --- |');
      // everything read from the clouds (names, e-mails, SCP names) stays inside code spans
      for (const f of fs) lines.push(`| ${f.cloud} | ${f.unit ? markdownCode(f.unit) : ''} | ${markdownCode(f.resource)} | ${markdownCode(f.message)} |`);
    }
    return lines.join('\n');
  }
  if (report.inSync) return `in sync (${scope(report)})`;
  const lines: string[] = [];
  for (const [kind, fs] of groups) {
    lines.push(`${TITLES[kind]} (${fs.length}):`);
    for (const f of fs) lines.push(`  [${f.cloud}] ${f.message}`);
  }
  lines.push(`${report.findings.length} finding(s) (${scope(report)})`);
  return lines.join('\n');
}
