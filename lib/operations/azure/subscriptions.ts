/** Reading subscriptions and their place in the management-group tree. */
import { getContinuationToken as mgToken } from '@azure/arm-managementgroups';
import type { AzureClients } from './clients';

export interface LocatedSubscription {
  readonly id: string;
  readonly displayName: string;
  /** Management group the subscription sits in. */
  readonly parent: string;
  readonly state: string;
}

const isNotFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

/** Last path segment of an ARM id (`/providers/Microsoft.Management/managementGroups/x` → `x`). */
export function lastSegment(id: string | undefined): string {
  return (id ?? '').split('/').filter(Boolean).pop() ?? '';
}

/** Subscription id behind a unit's alias, undefined when the alias does not exist. */
export async function aliasSubscription(azure: AzureClients, alias: string): Promise<string | undefined> {
  try {
    const out = await azure.read('Alias.get', () => azure.subscriptions.alias.get(alias));
    return out.properties?.subscriptionId;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Where a subscription sits and its state, from the tenant's descendants listing. */
export async function subscriptionPlacement(azure: AzureClients, subscriptionId: string): Promise<LocatedSubscription | undefined> {
  const descendants = await azure.list('ManagementGroups.getDescendants', () => azure.managementGroups.managementGroups.listDescendants(azure.tenantId), mgToken);
  const isSubscription = (t: string | undefined) => t?.toLowerCase() === 'microsoft.management/managementgroups/subscriptions' || t === '/subscriptions';
  const entry = descendants.find((d) => isSubscription(d.type) && d.name === subscriptionId);
  if (!entry) return undefined;
  const parent = lastSegment(entry.parent?.id);
  const sub = await azure.read('ManagementGroupSubscriptions.getSubscription', () => azure.managementGroups.managementGroupSubscriptions.getSubscription(parent, subscriptionId));
  return { id: subscriptionId, displayName: sub.displayName ?? entry.displayName ?? '', parent, state: sub.state ?? 'Unknown' };
}
