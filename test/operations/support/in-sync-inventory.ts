import { API_VERSION, policyAssignmentName, scpName, type Inventory, type VendModel } from '../../../lib/model';

/** An inventory exactly as the catalog wants it, built from the model. */
export function inSyncInventory(model: VendModel): Inventory {
  const controls = model.catalog.controls;
  return {
    apiVersion: API_VERSION,
    kind: 'Inventory',
    aws: {
      managementAccountId: '111111111111',
      organizationalUnits: model.hierarchy.nodes.map((n, i) => ({ id: `ou-${i}`, path: n.aws.path, policies: n.controls.filter((c) => controls.get(c)?.scp).map(scpName).sort() })),
      accounts: model.units
        .filter((u) => u.cloud === 'aws')
        .map((u, i) => ({
          id: String(200000000000 + i),
          name: u.name,
          email: u.identity,
          status: u.lifecycle === 'active' ? ('ACTIVE' as const) : ('SUSPENDED' as const),
          ouPath: model.hierarchy.node(u.placement).aws.path,
          tags: { ...u.tags },
        })),
      stacks: [],
    },
    azure: {
      managementGroups: model.hierarchy.nodes.map((n) => ({
        id: n.azure.id,
        ...(n.parentKey ? { parentId: model.hierarchy.node(n.parentKey).azure.id } : {}),
        policyAssignments: n.controls.filter((c) => controls.get(c)?.spec.azure).map(policyAssignmentName).sort(),
      })),
      subscriptions: model.units
        .filter((u) => u.cloud === 'azure')
        .map((u, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, displayName: u.name, alias: u.identity, state: 'Enabled' as const, managementGroupId: model.hierarchy.node(u.placement).azure.id, tags: { ...u.tags } })),
    },
  };
}
