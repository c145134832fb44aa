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
import { FUNCTION_OU_NAME, fnv1a, type EffectiveUnit, type UnitKind } from '../model';

/**
 * Shards per (environment, kind). These numbers are part of the deployed contract: changing one
 * reassigns accounts to other stacks, which needs `cdk import`. 32 Space shards hold about
 * 14,000 Spaces per environment before a shard reaches the resource budget.
 */
export const SHARDS_PER_KIND: Readonly<Record<UnitKind, number>> = {
  Space: 32,
  PoP: 4,
  Central: 1,
  ControlPlane: 1,
};

/** CloudFormation allows 500 resources per stack; vend keeps headroom for new resource kinds. */
export const MAX_RESOURCES_PER_STACK = 450;
/** CloudFormation's limit on a template uploaded through S3 (what `cdk deploy` does). */
export const MAX_TEMPLATE_BYTES = 1_000_000;
/** CloudFormation's limit on a StackSet's inline TemplateBody. */
export const MAX_STACKSET_TEMPLATE_BYTES = 51_200;

/**
 * Account-creating stacks are spread over this many dependency chains. Each stack creates its
 * accounts one after another, and stacks in one lane deploy one after another, so even
 * `cdk deploy --all --concurrency 8` never has more than 4 CreateAccount requests in flight
 * (AWS allows 5; one is left for the decommission path and manual work).
 */
export const ACCOUNT_CREATION_LANES = 4;

export interface ShardKey {
  readonly environment: string;
  readonly kind: UnitKind;
  /** Zero-padded shard number within (environment, kind). */
  readonly index: string;
}

export function shardOf(unit: Pick<EffectiveUnit, 'name' | 'environment' | 'kind'>): ShardKey {
  const count = SHARDS_PER_KIND[unit.kind];
  const index = count === 1 ? 0 : parseInt(fnv1a(unit.name), 16) % count;
  return { environment: unit.environment, kind: unit.kind, index: String(index).padStart(2, '0') };
}

/** `prod-Spaces-07`: the part of stack names shared by a shard's accounts and baseline stacks. */
export function shardSlug(shard: ShardKey): string {
  return `${shard.environment}-${FUNCTION_OU_NAME[shard.kind]}-${shard.index}`;
}

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

/** Groups units by shard, shards sorted by slug and units by name. */
export function groupByShard<U extends Pick<EffectiveUnit, 'name' | 'environment' | 'kind'>>(
  units: readonly U[],
): Array<{ shard: ShardKey; units: U[] }> {
  const groups = new Map<string, { shard: ShardKey; units: U[] }>();
  for (const unit of units) {
    const shard = shardOf(unit);
    const slug = shardSlug(shard);
    let group = groups.get(slug);
    if (!group) groups.set(slug, (group = { shard, units: [] }));
    group.units.push(unit);
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const group of groups.values()) group.units.sort(byName);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group);
}
