/** Small, state-reading helpers over AWS Organizations that decommission and seeding share. */
import {
  DescribeAccountCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  type Account,
} from '@aws-sdk/client-organizations';
import { TAG_UNIT, type EffectiveUnit, type VendModel } from '../../model';
import { allPages, type AwsClients } from './clients';
import { readTags } from './inventory';

export async function rootId(aws: AwsClients): Promise<string> {
  const out = await aws.send('organizations', new ListRootsCommand({}));
  const id = out.Roots?.[0]?.Id;
  if (!id) throw new Error('no organization root found');
  return id;
}

/** Resolves an OU path (`acme/Quarantine`) to its id, one listing per level; undefined if absent. */
export async function ouIdByPath(aws: AwsClients, path: string): Promise<string | undefined> {
  let parent = await rootId(aws);
  for (const name of path.split('/').filter(Boolean)) {
    const children = await allPages(
      (NextToken) => aws.send('organizations', new ListOrganizationalUnitsForParentCommand({ ParentId: parent, NextToken, MaxResults: 20 })),
      (p) => p.OrganizationalUnits,
    );
    const next = children.find((c) => c.Name === name)?.Id;
    if (!next) return undefined;
    parent = next;
  }
  return parent;
}

export interface LocatedAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: string;
}

/**
 * Finds the live account of a unit: the account tagged `vend:unit=<unit>` whose e-mail is the
 * unit's identity. Looks in the unit's own OU and in Quarantine first (a few calls), then falls
 * back to a paged scan of all accounts. Tags are read only for candidates.
 */
export async function locateAccount(aws: AwsClients, model: VendModel, unit: EffectiveUnit): Promise<LocatedAccount | undefined> {
  const h = model.hierarchy;
  const paths = [...new Set([h.node(`${unit.environment}/${unit.kind}`).aws.path, h.node('quarantine').aws.path])];
  const matches = (a: Account) => a.Email?.toLowerCase() === unit.identity.toLowerCase() || a.Name === unit.name;
  const check = async (accounts: Account[]) => {
    for (const a of accounts.filter(matches)) {
      const tags = await readTags(aws, a.Id!);
      if (tags[TAG_UNIT] === unit.name) return { id: a.Id!, name: a.Name ?? '', email: a.Email ?? '', status: (a.State ?? a.Status) as string };
    }
    return undefined;
  };
  for (const path of paths) {
    const ou = await ouIdByPath(aws, path);
    if (!ou) continue;
    const accounts = await allPages(
      (NextToken) => aws.send('organizations', new ListAccountsForParentCommand({ ParentId: ou, NextToken, MaxResults: 20 })),
      (p) => p.Accounts,
    );
    const found = await check(accounts);
    if (found) return found;
  }
  const all = await allPages((NextToken) => aws.send('organizations', new ListAccountsCommand({ NextToken, MaxResults: 20 })), (p) => p.Accounts);
  return check(all);
}

export async function parentOf(aws: AwsClients, accountId: string): Promise<string> {
  const out = await aws.send('organizations', new ListParentsCommand({ ChildId: accountId }));
  const id = out.Parents?.[0]?.Id;
  if (!id) throw new Error(`account ${accountId} has no parent`);
  return id;
}

export async function accountStatus(aws: AwsClients, accountId: string): Promise<string> {
  const out = await aws.send('organizations', new DescribeAccountCommand({ AccountId: accountId }));
  return (out.Account?.State ?? out.Account?.Status ?? 'UNKNOWN') as string;
}

export async function countAccounts(aws: AwsClients): Promise<number> {
  const all = await allPages((NextToken) => aws.send('organizations', new ListAccountsCommand({ NextToken, MaxResults: 20 })), (p) => p.Accounts);
  return all.length;
}
