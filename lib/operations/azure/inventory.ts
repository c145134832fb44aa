/**
 * Reads the live Azure state by management group: the tree in one call (get with
 * expand=children&recurse), subscriptions with their state per group, policy assignments per
 * group (atScope), aliases in one call. Tags are read per subscription only when the previous
 * snapshot does not already have them (as for AWS).
 */
import { getContinuationToken as mgToken } from '@azure/arm-managementgroups';
import { getContinuationToken as policyToken } from '@azure/arm-policy';
import type { AzureInventory, Inventory, InventorySubscription } from '../../model';
import { mapLimit } from '../client';
import type { AzureClients } from './clients';
import { lastSegment } from './subscriptions';

export interface AzureInventoryOptions {
  readonly previous?: Inventory;
  /** @default 'changed' */
  readonly tags?: 'changed' | 'all';
  readonly parallelism?: number;
}

interface TreeNode {
  name?: string;
  type?: string;
  children?: TreeNode[];
}

const STATES = new Set(['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted', 'Expired']);

export async function readAzureInventory(azure: AzureClients, options: AzureInventoryOptions = {}): Promise<AzureInventory> {
  const parallelism = options.parallelism ?? 4;
  const root = await azure.read('ManagementGroups.get', () =>
    azure.managementGroups.managementGroups.get(azure.tenantId, { expand: 'children', recurse: true }),
  );
  const groups: Array<{ id: string; parentId?: string }> = [];
  const walk = (node: TreeNode, parent: string | undefined) => {
    const id = node.name!;
    groups.push({ id, ...(parent ? { parentId: parent } : {}) });
    for (const child of node.children ?? []) {
      if (isGroup(child.type)) walk(child, id);
    }
  };
  walk({ name: root.name, type: root.type, children: root.children as TreeNode[] }, undefined);

  const perGroup = await mapLimit(groups, parallelism, async (g) => {
    const [subscriptions, assignments] = await Promise.all([
      azure.list('ManagementGroupSubscriptions.getSubscriptionsUnderManagementGroup', () => azure.managementGroups.managementGroupSubscriptions.listSubscriptionsUnderManagementGroup(g.id), mgToken),
      azure.list('PolicyAssignments.listForManagementGroup', () => azure.policy.policyAssignments.listForManagementGroup(g.id, { filter: 'atScope()' }), policyToken),
    ]);
    const here = assignments.filter((a) => (a.scope ?? '').toLowerCase() === `/providers/microsoft.management/managementgroups/${g.id}`.toLowerCase());
    return { group: g, subscriptions, assignments: here.map((a) => a.name!).sort() };
  });

  const aliases = await azure.read('Alias.list', () => azure.subscriptions.alias.list());
  const aliasOf = new Map((aliases.value ?? []).map((a) => [a.properties?.subscriptionId, a.name]));
  const previous = new Map((options.previous?.azure?.subscriptions ?? []).map((s) => [s.id, s]));

  const flat = perGroup.flatMap((p) => p.subscriptions.map((s) => ({ s, group: p.group.id })));
  const subscriptions: InventorySubscription[] = await mapLimit(flat, parallelism, async ({ s, group }) => {
    const id = s.name ?? lastSegment(s.id);
    const before = previous.get(id);
    const reuse = options.tags !== 'all' && before && before.displayName === (s.displayName ?? '');
    const tags = reuse ? before.tags : await azure.subscriptionTags(id);
    const alias = aliasOf.get(id);
    return {
      id,
      displayName: s.displayName ?? '',
      ...(alias ? { alias } : {}),
      state: subscriptionState(s.state),
      managementGroupId: group,
      tags,
    };
  });
  subscriptions.sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    managementGroups: perGroup.map((p) => ({ ...p.group, policyAssignments: p.assignments })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    subscriptions,
  };
}

/**
 * The management-group API reports `Active` where the subscription API says `Enabled`; other
 * states are spelled alike. An unknown state is reported as Disabled (not usable).
 */
export function subscriptionState(state: string | undefined): InventorySubscription['state'] {
  if (state === 'Active') return 'Enabled';
  return (STATES.has(state ?? '') ? state : 'Disabled') as InventorySubscription['state'];
}

function isGroup(type: string | undefined): boolean {
  const t = (type ?? '').toLowerCase();
  return t === 'microsoft.management/managementgroups' || t === '/providers/microsoft.management/managementgroups';
}
