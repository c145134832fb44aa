/**
 * Gathers what decides which Azure subscription is a unit's (decommission/identity.ts judges it):
 * the subscription the unit's alias created, every subscription named like the unit, and every id
 * the ledger or inventory recorded for it, with its tag and management group.
 */
import { getContinuationToken as mgToken } from '@azure/arm-managementgroups';
import { functionKey, QUARANTINE_KEY, TAG_UNIT, type EffectiveUnit, type VendModel } from '../../../model';
import type { Candidate, IdentityEvidence } from '../../decommission/identity';
import type { AzureClients } from '../clients';
import { aliasSubscription, lastSegment, subscriptionPlacement } from '../subscriptions';

export async function azureIdentityEvidence(
  azure: AzureClients,
  model: VendModel,
  unit: EffectiveUnit,
  recorded: IdentityEvidence['recorded'],
): Promise<IdentityEvidence> {
  const home = model.hierarchy.node(functionKey(unit.environment, unit.kind)).azure.id;
  const quarantine = model.hierarchy.node(QUARANTINE_KEY).azure.id;
  const byAlias = await aliasSubscription(azure, unit.identity);
  const descendants = await azure.list('ManagementGroups.getDescendants', () => azure.managementGroups.managementGroups.listDescendants(azure.tenantId), mgToken);
  const named = descendants.filter((d) => /subscriptions$/i.test(d.type ?? '') && (d.displayName === unit.name || d.displayName === unit.identity)).map((d) => d.name!);
  const ids = [...new Set([...(byAlias ? [byAlias] : []), ...named, ...recorded.map((r) => r.id)])];
  const candidates: Candidate[] = [];
  for (const id of ids) {
    const placed = await subscriptionPlacement(azure, id);
    if (!placed) continue;
    const tags = await azure.subscriptionTags(id);
    candidates.push({
      id,
      name: placed.displayName,
      identity: id === byAlias ? unit.identity : undefined,
      status: placed.state,
      placementId: lastSegment(placed.parent),
      placement: placed.parent,
      tag: tags[TAG_UNIT],
    });
  }
  return { unit: { name: unit.name, identity: unit.identity }, home: { id: home, path: home }, quarantine: { id: quarantine, path: quarantine }, candidates, recorded };
}
