/**
 * Gathers what decides which AWS account is a unit's (decommission/identity.ts judges it): every
 * account whose e-mail is the unit's identity, whose name is the unit's name, or whose id the
 * ledger or inventory recorded for the unit, with its tag and where it sits. Tags and parents are
 * read only for those candidates.
 */
import { functionKey, QUARANTINE_KEY, TAG_UNIT, type EffectiveUnit, type VendModel } from '../../../model';
import type { Candidate, IdentityEvidence } from '../../decommission/identity';
import type { AwsClients } from '../clients';
import { readTags } from '../inventory';
import { listAccounts, ouIdByPath, ouPathOf, parentOf } from '../organization';

export async function awsIdentityEvidence(
  aws: AwsClients,
  model: VendModel,
  unit: EffectiveUnit,
  recorded: IdentityEvidence['recorded'],
): Promise<IdentityEvidence> {
  const homePath = model.hierarchy.node(functionKey(unit.environment, unit.kind)).aws.path;
  const quarantinePath = model.hierarchy.node(QUARANTINE_KEY).aws.path;
  const [accounts, homeId, quarantineId] = await Promise.all([listAccounts(aws), ouIdByPath(aws, homePath), ouIdByPath(aws, quarantinePath)]);
  const recordedIds = new Set(recorded.map((r) => r.id));
  const matching = accounts.filter((a) => a.Email?.toLowerCase() === unit.identity.toLowerCase() || a.Name === unit.name || recordedIds.has(a.Id!));
  const candidates: Candidate[] = [];
  for (const a of matching) {
    const [tags, parent] = await Promise.all([readTags(aws, a.Id!), parentOf(aws, a.Id!)]);
    const placement = parent === homeId ? homePath : parent === quarantineId ? quarantinePath : (await ouPathOf(aws, parent)) || `the organization root (${parent})`;
    candidates.push({ id: a.Id!, name: a.Name ?? '', identity: a.Email, status: (a.State ?? a.Status) as string, placementId: parent, placement, tag: tags[TAG_UNIT] });
  }
  return { unit: { name: unit.name, identity: unit.identity }, home: { id: homeId, path: homePath }, quarantine: { id: quarantineId, path: quarantinePath }, candidates, recorded };
}
