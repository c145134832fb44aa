/** The decommission report as people read it. */
import type { RunReport } from './engine';

export function formatRun(report: RunReport): string {
  const lines = [`${report.execute ? 'Decommission' : 'Decommission plan (dry run)'}: ${report.unit} [${report.cloud}${report.target ? ` ${report.target}` : ''}]`];
  for (const s of report.steps) {
    const by = s.runs === 'iac' ? ' (deploy)' : '';
    lines.push(`  ${s.status.padEnd(15)} ${s.title}${by}: ${s.detail}${s.queuedUntil ? ` (can close from ${s.queuedUntil})` : ''}`);
    if (s.deploy) lines.push(`                  deploy: ${s.deploy}`);
    for (const a of s.actions) lines.push(`                  - ${a}`);
  }
  if (report.ledger) lines.push(`  audit ledger: ${report.ledger}`);
  if (report.error) lines.push(`error: ${report.error}`);
  else if (report.complete) lines.push(report.execute ? 'complete: the unit is out of service' : 'nothing to do: the unit is already out of service');
  else if (report.awaitingDeploy) lines.push('pending: the deploy has not taken the unit out yet; deploy, then rerun');
  else if (report.queued) lines.push('queued: the unit stays quarantined until the closure quota allows closing it; rerun then');
  else if (!report.execute) lines.push(`to act: vend decommission ${report.unit} --execute --confirm ${report.unit}`);
  return lines.join('\n');
}
