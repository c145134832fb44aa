/**
 * Reads the live AWS Organizations state by OU and by page: the OU tree (one listing per parent),
 * accounts per OU (20 a page), SCP attachments per policy (ListTargetsForPolicy, one call per SCP,
 * instead of one ListPoliciesForTarget per OU and account) and baseline stack instances per stack set.
 *
 * Tags have no list call in Organizations: each account costs one ListTagsForResource. vend sets
 * tags at creation and never changes them, so tags are reused from the previous snapshot for any
 * account whose id, name and e-mail are unchanged (`tags: 'changed'`, the default); `tags: 'all'`
 * reads every account's tags again.
 */
import { ListStackInstancesCommand, ListStackSetsCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  type Account,
} from '@aws-sdk/client-organizations';
import { compareStrings, ouPathSegment, TAG_UNIT, type AwsInventory, type Inventory, type InventoryAccount } from '../../model';
import { mapLimit } from '../client';
import { allPages, type AwsClients } from './clients';

export interface AwsInventoryOptions {
  /** Previous snapshot whose tags may be reused. @default none: every account's tags are read */
  readonly previous?: Inventory;
  /** @default 'changed' */
  readonly tags?: 'changed' | 'all';
  /** Stack sets whose name starts with this hold the baselines. @default 'vend-baseline' */
  readonly baselineStackSetPrefix?: string;
  /** Parallel listings (each still goes through the gate). @default 4 */
  readonly parallelism?: number;
}

export const BASELINE_STACK_SET_PREFIX = 'vend-baseline';
const FULL_AWS_ACCESS = 'FullAWSAccess';

export async function readAwsInventory(aws: AwsClients, options: AwsInventoryOptions = {}): Promise<AwsInventory> {
  const parallelism = options.parallelism ?? 4;
  const roots = await aws.send('organizations', new ListRootsCommand({}));
  const root = roots.Roots?.[0];
  if (!root?.Id) throw new Error('no organization root found (is AWS Organizations enabled for this account?)');

  // OU tree, breadth first: one paged listing per parent.
  const ous: Array<{ id: string; path: string }> = [];
  let level: Array<{ id: string; path: string }> = [{ id: root.Id, path: '' }];
  while (level.length) {
    const children = await mapLimit(level, parallelism, async (parent) => {
      const listed = await allPages(
        (NextToken) => aws.send('organizations', new ListOrganizationalUnitsForParentCommand({ ParentId: parent.id, NextToken, MaxResults: 20 })),
        (p) => p.OrganizationalUnits,
      );
      // names are escaped (ouPathSegment): an OU named `prod/Spaces` must not pass for acme/prod/Spaces
      return listed.map((ou) => ({ id: ou.Id!, path: parent.path ? `${parent.path}/${ouPathSegment(ou.Name!)}` : ouPathSegment(ou.Name!) }));
    });
    level = children.flat();
    ous.push(...level);
  }
  const parents = [{ id: root.Id, path: '' }, ...ous];

  // Accounts by parent, 20 a page.
  const byParent = await mapLimit(parents, parallelism, async (parent) => {
    const accounts = await allPages(
      (NextToken) => aws.send('organizations', new ListAccountsForParentCommand({ ParentId: parent.id, NextToken, MaxResults: 20 })),
      (p) => p.Accounts,
    );
    return accounts.map((a) => ({ account: a, ouPath: parent.path, ouId: parent.id }));
  });

  // SCP attachments per policy: one call per SCP (FullAWSAccess is attached everywhere and skipped).
  const policies = await allPages(
    (NextToken) => aws.send('organizations', new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken })),
    (p) => p.Policies,
  );
  const attached = new Map<string, string[]>();
  await mapLimit(
    policies.filter((p) => p.Name !== FULL_AWS_ACCESS && p.Id),
    parallelism,
    async (policy) => {
      const targets = await allPages(
        (NextToken) => aws.send('organizations', new ListTargetsForPolicyCommand({ PolicyId: policy.Id!, NextToken })),
        (p) => p.Targets,
      );
      for (const t of targets) {
        if (!t.TargetId) continue;
        const list = attached.get(t.TargetId) ?? [];
        list.push(policy.Name!);
        attached.set(t.TargetId, list);
      }
    },
  );

  // Tags: reused from the previous snapshot where the account is unchanged.
  const previous = new Map((options.previous?.aws?.accounts ?? []).map((a) => [a.id, a]));
  const flat = byParent.flat();
  const accounts: InventoryAccount[] = await mapLimit(flat, parallelism, async ({ account, ouPath, ouId }) => {
    const before = previous.get(account.Id!);
    const reuse = options.tags !== 'all' && before && before.name === account.Name && before.email === account.Email;
    const tags = reuse ? before.tags : await readTags(aws, account.Id!);
    const policiesOnAccount = sorted(attached.get(account.Id!) ?? []);
    return {
      id: account.Id!,
      name: account.Name ?? '',
      email: account.Email ?? '',
      status: accountStatus(account),
      ouPath,
      ouId,
      tags,
      ...(policiesOnAccount.length ? { policies: policiesOnAccount } : {}),
    };
  });
  accounts.sort((a, b) => compareStrings(a.id, b.id));

  const stacks = await readBaselineStacks(aws, accounts, options.baselineStackSetPrefix ?? BASELINE_STACK_SET_PREFIX);

  const org = await aws.send('organizations', new DescribeOrganizationCommand({}));
  return {
    ...(org.Organization?.MasterAccountId ? { managementAccountId: org.Organization.MasterAccountId } : {}),
    organizationalUnits: ous
      .map((ou) => ({ id: ou.id, path: ou.path, policies: sorted(attached.get(ou.id) ?? []) }))
      .sort((a, b) => compareStrings(a.path, b.path)),
    accounts,
    ...(stacks.length ? { stacks } : {}),
  };
}

export async function readTags(aws: AwsClients, resourceId: string): Promise<Record<string, string>> {
  const tags = await allPages(
    (NextToken) => aws.send('organizations', new ListTagsForResourceCommand({ ResourceId: resourceId, NextToken })),
    (p) => p.Tags,
  );
  return Object.fromEntries(tags.map((t) => [t.Key!, t.Value ?? '']));
}

function accountStatus(a: Account): InventoryAccount['status'] {
  const s = a.State ?? a.Status;
  if (s === 'SUSPENDED' || s === 'CLOSED') return 'SUSPENDED';
  if (s === 'PENDING_CLOSURE') return 'PENDING_CLOSURE';
  return 'ACTIVE';
}

async function readBaselineStacks(aws: AwsClients, accounts: InventoryAccount[], prefix: string): Promise<NonNullable<AwsInventory['stacks']>> {
  const unitOf = new Map(accounts.map((a) => [a.id, a.tags[TAG_UNIT]]));
  const sets = await allPages(
    (NextToken) => aws.send('cloudformation', new ListStackSetsCommand({ Status: 'ACTIVE', NextToken })),
    (p) => p.Summaries,
  );
  const out: NonNullable<AwsInventory['stacks']> = [];
  for (const set of sets.filter((s) => s.StackSetName?.startsWith(prefix))) {
    const instances = await allPages(
      (NextToken) => aws.send('cloudformation', new ListStackInstancesCommand({ StackSetName: set.StackSetName!, NextToken })),
      (p) => p.Summaries,
    );
    for (const i of instances) {
      const drift = i.DriftStatus;
      const unit = i.Account ? unitOf.get(i.Account) : undefined;
      out.push({
        name: `${set.StackSetName}/${i.Account}/${i.Region}`,
        ...(i.Account ? { account: i.Account } : {}),
        ...(unit ? { unit } : {}),
        driftStatus: drift === 'DRIFTED' || drift === 'IN_SYNC' || drift === 'UNKNOWN' ? drift : 'NOT_CHECKED',
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}


function sorted(names: string[]): string[] {
  return [...new Set(names)].sort();
}
