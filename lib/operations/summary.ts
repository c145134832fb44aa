import type { Inventory } from '../model';

/** A human summary of a snapshot, for `vend inventory --format text`. */
export function summarizeInventory(inv: Inventory): string {
  const lines: string[] = [];
  if (inv.aws) {
    const byStatus = count(inv.aws.accounts.map((a) => a.status));
    lines.push(`AWS: ${inv.aws.organizationalUnits.length} OUs, ${inv.aws.accounts.length} accounts (${fmt(byStatus)})`);
    const byOu = count(inv.aws.accounts.map((a) => a.ouPath || '(root)'));
    for (const ou of inv.aws.organizationalUnits) {
      lines.push(`  ${ou.path.padEnd(32)} ${String(byOu.get(ou.path) ?? 0).padStart(5)} accounts  ${ou.policies.join(', ')}`);
    }
    if (byOu.get('(root)')) lines.push(`  ${'(root)'.padEnd(32)} ${String(byOu.get('(root)')).padStart(5)} accounts`);
  }
  if (inv.azure) {
    const byState = count(inv.azure.subscriptions.map((s) => s.state));
    lines.push(`Azure: ${inv.azure.managementGroups.length} management groups, ${inv.azure.subscriptions.length} subscriptions (${fmt(byState)})`);
    const byGroup = count(inv.azure.subscriptions.map((s) => s.managementGroupId));
    for (const g of inv.azure.managementGroups) {
      lines.push(`  ${g.id.padEnd(32)} ${String(byGroup.get(g.id) ?? 0).padStart(5)} subscriptions  ${g.policyAssignments.join(', ')}`);
    }
  }
  return lines.join('\n');
}

function count(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function fmt(m: Map<string, number>): string {
  return [...m.entries()].map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
}
