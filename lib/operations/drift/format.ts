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

export function formatDrift(report: DriftReport, format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return JSON.stringify({ inSync: report.inSync, clouds: report.clouds, count: report.findings.length, findings: report.findings }, null, 2);
  const groups = DRIFT_KINDS.map((k) => [k, report.findings.filter((f) => f.kind === k)] as const).filter(([, fs]) => fs.length);
  if (format === 'markdown') {
    const lines = [`## vend drift: ${report.inSync ? 'in sync' : `${report.findings.length} finding(s)`}`, '', `Clouds: ${report.clouds.join(', ')}`];
    for (const [kind, fs] of groups) {
      lines.push('', `### ${TITLES[kind]} (${fs.length})`, '', '| Cloud | Unit | Resource | Finding |', '| --- | --- | --- | --- |');
      for (const f of fs) lines.push(`| ${f.cloud} | ${f.unit ?? ''} | \`${f.resource}\` | ${f.message.replace(/\|/g, '\\|')} |`);
    }
    return lines.join('\n');
  }
  if (report.inSync) return `in sync (${report.clouds.join(', ')})`;
  const lines: string[] = [];
  for (const [kind, fs] of groups) {
    lines.push(`${TITLES[kind]} (${fs.length}):`);
    for (const f of fs) lines.push(`  [${f.cloud}] ${f.message}`);
  }
  lines.push(`${report.findings.length} finding(s)`);
  return lines.join('\n');
}
