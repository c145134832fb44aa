/** Seeds the local ARM server's state as `vend deploy` would have left a tenant. */
import { policyAssignmentName, QUARANTINE_KEY, stableGuid, type VendModel } from '../../../lib/model';
import type { ArmState } from './arm-server';

const MG = '/providers/Microsoft.Management/managementGroups';
const ROLE = (name: string) => `/providers/Microsoft.Authorization/roleDefinitions/${stableGuid(`role:${name}`)}`;

export interface ArmSeedOptions {
  readonly drift?: boolean;
  readonly skipUnits?: readonly string[];
}

export function seedArm(state: ArmState, model: VendModel, options: ArmSeedOptions = {}): Map<string, string> {
  const h = model.hierarchy;
  for (const n of h.nodes) {
    state.groups.set(n.azure.id, { id: n.azure.id, displayName: n.azure.displayName, parent: n.parentKey ? h.node(n.parentKey).azure.id : state.tenantId });
    for (const c of n.controls) {
      if (model.catalog.controls.get(c)?.spec.azure) {
        state.policyAssignments.push({ scope: `${MG}/${n.azure.id}`, name: policyAssignmentName(c), policyDefinitionId: `${MG}/${h.node('organization').azure.id}/providers/Microsoft.Authorization/policySetDefinitions/vend-${c}` });
      }
    }
  }
  // An inherited assignment at the organization group: decommission must leave it alone.
  state.roleAssignments.push({ scope: `${MG}/${h.node('organization').azure.id}`, name: stableGuid('platform'), roleDefinitionId: ROLE('Owner'), principalId: stableGuid('platform-engineers'), principalType: 'Group' });
  const ids = new Map<string, string>();
  for (const u of model.units.filter((x) => x.cloud === 'azure' && !(options.skipUnits ?? []).includes(x.name))) {
    const id = stableGuid(`subscription:${u.name}`);
    ids.set(u.name, id);
    state.subscriptions.set(id, { id, displayName: u.name, group: h.node(`${u.environment}/${u.kind}`).azure.id, state: 'Active', tags: { ...u.tags }, alias: u.identity });
    const scope = `/subscriptions/${id}`;
    for (const a of u.access) {
      state.roleAssignments.push({ scope, name: stableGuid(`${u.name}/${a.group}`), roleDefinitionId: ROLE(a.role), principalId: stableGuid(a.group), principalType: 'Group' });
    }
    state.eligibilities.push({ scope, name: stableGuid(`${u.name}/eligible`), roleDefinitionId: ROLE('owner'), principalId: stableGuid('break-glass'), principalType: 'Group' });
    state.resourceGroups.set(id, new Set([`rg-vend-${u.name}`, 'rg-team-app']));
    // An owner's grant to a guest on one resource group: access decommission must revoke too.
    state.roleAssignments.push({ scope: `${scope}/resourceGroups/rg-team-app`, name: stableGuid(`${u.name}/guest`), roleDefinitionId: ROLE('Contributor'), principalId: stableGuid('guest'), principalType: 'User' });
    state.policyAssignments.push({ scope, name: 'vend-baseline-diag', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/vend-diag' });
    // The team's own policy assignment: not vend's, decommission leaves it.
    state.policyAssignments.push({ scope, name: 'team-tagging', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/team-tagging' });
  }
  if (options.drift) {
    const stray = stableGuid('subscription:stray');
    state.subscriptions.set(stray, { id: stray, displayName: 'hand-made', group: h.node('organization').azure.id, state: 'Active', tags: {} });
    const spaces = h.nodes.find((n) => n.function === 'Space')!;
    const i = state.policyAssignments.findIndex((p) => p.scope === `${MG}/${spaces.azure.id}`);
    if (i >= 0) state.policyAssignments.splice(i, 1);
  }
  return ids;
}

/** What the tenant apply does once a unit is marked decommissioned: its subscription moves to the Decommissioned group. */
export function deployDecommissionedArm(state: ArmState, model: VendModel, ids: ReadonlyMap<string, string>, unit: string): void {
  state.subscriptions.get(ids.get(unit)!)!.group = model.hierarchy.node(QUARANTINE_KEY).azure.id;
}
