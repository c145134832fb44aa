/**
 * Where every AWS resource vend creates lives: which stack, in which deployment lane. Pure
 * functions of stable catalog keys (unit names, environments, kinds), never of list positions, so
 * reordering the catalog changes nothing and adding a unit touches only the stacks it must.
 *
 * A unit's account and its baseline stay in one shard for the account's whole life: moving an
 * `AWS::Organizations::Account` between stacks would make CloudFormation try to create it again.
 * That is why the shard depends on the unit's environment, kind and name (which never change) and
 * not on its placement (which does when a unit is decommissioned).
 */
import { shardSlug, type ShardKey } from '../model/aws-shards';

export { SHARDS_PER_KIND, groupByShard, shardOf, shardSlug, type ShardKey } from '../model/aws-shards';

/** CloudFormation's stack quotas live in the model (stack-limits.ts); re-exported for the realization. */
export { MAX_RESOURCES_PER_STACK, MAX_TEMPLATE_BYTES } from '../model';
/** CloudFormation's limit on a StackSet's inline TemplateBody. */
export const MAX_STACKSET_TEMPLATE_BYTES = 51_200;

/**
 * Account-creating stacks form this many dependency chains, and each stack creates its accounts
 * one after another, so at most this many CreateAccount requests are ever in flight. One: the
 * AWS::Organizations::Account reference says "If you create multiple accounts at the same time,
 * Organizations returns an error and the stack operation fails", and AWS documents no concurrency
 * that would be safe instead (the earlier "AWS allows 5" had no source). A deploy is bounded by the
 * number of new accounts it creates instead (model/deploy-batch.ts).
 */
export const ACCOUNT_CREATION_LANES = 1;

export const STACK_PREFIX = 'Vend';

export const stackNames = {
  organization: `${STACK_PREFIX}-Organization`,
  identity: `${STACK_PREFIX}-Identity`,
  security: `${STACK_PREFIX}-Security`,
  accessLogs: `${STACK_PREFIX}-AccessLogs`,
  crossCloudTrust: `${STACK_PREFIX}-CrossCloudTrust`,
  crossCloudTrustShard: (shard: ShardKey) => `${STACK_PREFIX}-CrossCloudTrust-${shardSlug(shard)}`,
  accounts: (shard: ShardKey) => `${STACK_PREFIX}-Accounts-${shardSlug(shard)}`,
  baseline: (shard: ShardKey) => `${STACK_PREFIX}-Baseline-${shardSlug(shard)}`,
  popAccess: (popName: string) => `${STACK_PREFIX}-PopAccess-${popName}`,
} as const;

