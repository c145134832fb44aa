/** Small, state-reading helpers over AWS Organizations that decommission and seeding share. */
import {
  DescribeAccountCommand,
  ListAccountsCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  type Account,
} from '@aws-sdk/client-organizations';
import { allPages, type AwsClients } from './clients';

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

/** The account whose root e-mail is `identity` (e-mails are unique across AWS), if any. */
export async function accountByIdentity(aws: AwsClients, identity: string): Promise<LocatedAccount | undefined> {
  const a = (await listAccounts(aws)).find((x) => x.Email?.toLowerCase() === identity.toLowerCase());
  return a ? { id: a.Id!, name: a.Name ?? '', email: a.Email ?? '', status: (a.State ?? a.Status) as string } : undefined;
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

/** The organization's id (`o-…`), for the organization-wide closure lock. */
export async function organizationId(aws: AwsClients): Promise<string> {
  const out = await aws.send('organizations', new DescribeOrganizationCommand({}));
  const id = out.Organization?.Id;
  if (!id) throw new Error('DescribeOrganization returned no organization id');
  return id;
}

/**
 * The slash path of an OU id, for people (`acme/prod/Spaces`); a name that itself contains `/` is
 * quoted so a look-alike OU cannot pass for another. The root is ``.
 */
export async function ouPathOf(aws: AwsClients, id: string): Promise<string> {
  const names: string[] = [];
  for (let current = id; current.startsWith('ou-'); ) {
    const ou = await aws.send('organizations', new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: current }));
    const name = ou.OrganizationalUnit?.Name ?? current;
    names.unshift(name.includes('/') ? JSON.stringify(name) : name);
    current = (await aws.send('organizations', new ListParentsCommand({ ChildId: current }))).Parents?.[0]?.Id ?? '';
  }
  return names.join('/');
}

/** Every account in the organization (id, name, e-mail, status). */
export async function listAccounts(aws: AwsClients): Promise<Account[]> {
  return allPages((NextToken) => aws.send('organizations', new ListAccountsCommand({ NextToken, MaxResults: 20 })), (p) => p.Accounts);
}
