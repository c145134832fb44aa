/**
 * Makes adopted accounts managed: the `vend:*` tags that map each to its unit, then the move into
 * the unit's OU. Idempotent and resumable: tags are set to the same values again, and an account
 * already in its OU is not moved (a rerun after a kill converges). Nothing is created or closed.
 */
import { MoveAccountCommand, TagResourceCommand } from '@aws-sdk/client-organizations';
import type { AdoptedAccount } from '../../model';
import type { AwsClients } from './clients';
import { ouIdByPath, parentOf } from './organization';

export interface AdoptResult {
  readonly account: string;
  readonly unit: string;
  readonly tagged: boolean;
  readonly moved?: { readonly from: string; readonly to: string };
}

export async function applyAdoption(aws: AwsClients, adopted: AdoptedAccount, log?: (m: string) => void): Promise<AdoptResult> {
  const id = adopted.account.id;
  await aws.send('organizations', new TagResourceCommand({ ResourceId: id, Tags: Object.entries(adopted.tags).map(([Key, Value]) => ({ Key, Value })) }));
  log?.(`tagged ${id} vend:unit=${adopted.unit}`);
  if (!adopted.moveTo) return { account: id, unit: adopted.unit, tagged: true };
  const target = await ouIdByPath(aws, adopted.moveTo);
  if (!target) throw new Error(`OU ${adopted.moveTo} does not exist; deploy the organization first, then adopt again`);
  const parent = await parentOf(aws, id);
  if (parent !== target) {
    try {
      await aws.send('organizations', new MoveAccountCommand({ AccountId: id, SourceParentId: parent, DestinationParentId: target }));
    } catch (e) {
      // a retried move that had already gone through: the account is where it should be
      if ((e as Error).name !== 'DuplicateAccountException' && (e as Error).name !== 'SourceParentNotFoundException') throw e;
    }
    log?.(`moved ${id} to ${adopted.moveTo}`);
  }
  return { account: id, unit: adopted.unit, tagged: true, moved: { from: adopted.account.ouPath, to: adopted.moveTo } };
}
