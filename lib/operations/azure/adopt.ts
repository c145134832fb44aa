/**
 * Makes adopted subscriptions managed: the `vend:*` tags merged into the subscription's tags
 * (Tags - Update At Scope with operation Merge keeps the tags the subscription already has), then
 * the move into the unit's management group (Management Group Subscriptions - Create, which moves a
 * subscription from its current group in one call). Idempotent and resumable: merging the same tags
 * again changes nothing, and a subscription already in its group is not moved. Nothing is created
 * or cancelled.
 */
import type { AdoptedAccount } from '../../model';
import type { AzureClients } from './clients';

const TAGS_API = '2021-04-01';

export interface AzureAdoptResult {
  readonly subscription: string;
  readonly unit: string;
  readonly moved?: { readonly from: string; readonly to: string };
}

export async function applyAzureAdoption(azure: AzureClients, adopted: AdoptedAccount, log?: (m: string) => void): Promise<AzureAdoptResult> {
  const id = adopted.account.id;
  const path = `/subscriptions/${id}/providers/Microsoft.Resources/tags/default`;
  const tagged = await azure.request('Tags.updateAtScope', 'PATCH', path, TAGS_API, { operation: 'Merge', properties: { tags: adopted.tags } });
  if (tagged.status >= 400) throw Object.assign(new Error(`PATCH ${path}: ${tagged.status} ${JSON.stringify(tagged.body)}`), { statusCode: tagged.status });
  log?.(`tagged subscription ${id} vend:unit=${adopted.unit}`);
  if (!adopted.moveTo) return { subscription: id, unit: adopted.unit };
  const group = adopted.moveTo;
  await azure.write('ManagementGroupSubscriptions.create', () => azure.managementGroups.managementGroupSubscriptions.create(group, id));
  log?.(`moved subscription ${id} to ${group}`);
  return { subscription: id, unit: adopted.unit, moved: { from: adopted.account.ouPath, to: group } };
}
