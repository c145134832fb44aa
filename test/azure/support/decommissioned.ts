/**
 * What the synthesized Terraform of a decommissioned Azure unit must say (issue 13, DECISIONS.md §4),
 * checked against a second synthesis of the same catalog with the unit still active (an independent
 * route to what its stacks declared, not the code that wrote the `removed` blocks):
 *  - its own stack declares no resource and no output, only `removed` blocks with destroy = false
 *    for exactly the resources it declared while active, with a Terraform version that knows them
 *    and a configured provider for every one;
 *  - the tenant stack no longer declares its subscription alias but forgets it (destroy = false),
 *    reads the subscription id with a GET (an adopted unit's is in its file), places the subscription in the Decommissioned group, and
 *    declares nothing else on that subscription (no tags, no role assignment, no policy);
 *  - no other unit's stack reads its subscription.
 */
import { TENANT_STACK } from '../../../lib/azure';
import type { EffectiveUnit } from '../../../lib/model';
import type { Synthesized, TfJson } from './synth';

interface Removed {
  from: string;
  lifecycle?: { destroy?: boolean };
}

const removedOf = (doc: TfJson): Removed[] => ((doc as { removed?: Removed[] }).removed ?? []);
const addresses = (doc: TfJson): string[] => Object.entries(doc.resource ?? {}).flatMap(([type, blocks]) => Object.keys(blocks).map((n) => `${type}.${n}`));

/** Every way the decommissioned `unit`'s Terraform breaks the rules above, as readable strings. */
export function decommissionedViolations(out: Synthesized, active: Synthesized, unit: EffectiveUnit): string[] {
  const problems: string[] = [];
  const own = out.json.get(unit.name)!;
  const wasDeclared = addresses(active.json.get(unit.name)!).sort();
  if (!wasDeclared.length) problems.push(`${unit.name}: the active stack declares nothing (the comparison would be empty)`);
  if (addresses(own).length) problems.push(`${unit.name}: still declares ${addresses(own).join(', ')}`);
  if (Object.keys(own.output ?? {}).length) problems.push(`${unit.name}: still has outputs`);
  const forgotten = removedOf(own);
  if (forgotten.some((r) => r.lifecycle?.destroy !== false)) problems.push(`${unit.name}: a removed block that destroys`);
  const missing = wasDeclared.filter((a) => !forgotten.some((r) => r.from === a));
  const extra = forgotten.filter((r) => !wasDeclared.includes(r.from)).map((r) => r.from);
  if (missing.length) problems.push(`${unit.name}: neither declared nor forgotten (Terraform would destroy): ${missing.join(', ')}`);
  if (extra.length) problems.push(`${unit.name}: forgets what it never declared: ${extra.join(', ')}`);
  if (!/^>= ?1\.([7-9]|\d\d)/.test(String(own.terraform?.required_version))) problems.push(`${unit.name}: required_version ${own.terraform?.required_version} may not know removed blocks`);
  const providers = Object.keys((own.terraform?.required_providers as Record<string, unknown>) ?? {});
  for (const prefix of new Set(forgotten.map((r) => r.from.split('_')[0]))) {
    if (!providers.includes(prefix) || !own.provider?.[prefix]) problems.push(`${unit.name}: no ${prefix} provider for the resources it forgets`);
  }
  const dataTypes = Object.keys(own.data ?? {});
  if (dataTypes.some((t) => t !== 'terraform_remote_state')) problems.push(`${unit.name}: reads ${dataTypes.join(', ')} from a subscription being decommissioned`);
  problems.push(...tenantViolations(out, active, unit));
  for (const [stack, text] of out.text) {
    if (stack !== unit.name && stack !== TENANT_STACK && text.includes(`subscription_ids[\\"${unit.name}\\"]`)) problems.push(`${stack}: reads the subscription of decommissioned ${unit.name}`);
  }
  return problems;
}

function tenantViolations(out: Synthesized, active: Synthesized, unit: EffectiveUnit): string[] {
  const problems: string[] = [];
  const tenant = out.json.get(TENANT_STACK)!;
  const byName = (doc: TfJson, kind: 'resource' | 'data') => Object.entries(doc[kind]?.azapi_resource ?? {}).filter(([, r]) => r.name === unit.identity);
  const [activeAlias] = byName(active.json.get(TENANT_STACK)!, 'resource');
  if (!activeAlias) return [`${unit.name}: the active tenant stack has no alias for ${unit.identity}`];
  if (byName(tenant, 'resource').length) problems.push(`${unit.name}: the tenant stack still declares the alias`);
  const forgotten = removedOf(tenant).filter((r) => r.from === `azapi_resource.${activeAlias[0]}`);
  if (forgotten.length !== 1 || forgotten[0].lifecycle?.destroy !== false) problems.push(`${unit.name}: the alias ${activeAlias[0]} is not forgotten with destroy = false`);
  // The subscription id: an adopted unit's is in its file; any other is read from the forgotten alias.
  const reads = byName(tenant, 'data');
  if (reads.length !== (unit.adopted ? 0 : 1)) return [...problems, `${unit.name}: ${reads.length} reads of the alias`];
  const ref = unit.adopted ? `/subscriptions/${unit.adopted.id}` : `data.azapi_resource.${reads[0][0]}.`;
  const users = Object.entries(tenant.resource ?? {}).flatMap(([type, blocks]) => Object.entries(blocks).filter(([, b]) => JSON.stringify(b).includes(ref)).map(([n, b]) => ({ type, n, b })));
  const decommissionedGroup = Object.entries(tenant.resource?.azurerm_management_group ?? {}).find(([, g]) => g.name === out.model.hierarchy.node('quarantine').azure.id)?.[0];
  const placed = users.filter((u) => u.type === 'azapi_resource_action' && u.b.method === 'PUT' && String(u.b.resource_id).startsWith(`\${azurerm_management_group.${decommissionedGroup}.id}/subscriptions/`));
  if (placed.length !== 1) problems.push(`${unit.name}: not placed in the Decommissioned group`);
  const others = users.filter((u) => !placed.includes(u)).map((u) => `${u.type}.${u.n}`);
  if (others.length) problems.push(`${unit.name}: the tenant stack still writes to its subscription: ${others.join(', ')}`);
  return problems;
}
