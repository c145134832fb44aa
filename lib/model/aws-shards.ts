/**
 * Which shard a unit's AWS account and baseline live in: a pure function of stable catalog keys
 * (environment, kind, name), never of list positions or placement. Part of the deployed contract:
 * lib/aws/topology.ts builds one accounts stack and one baseline stack per shard, and an account
 * that moved to another stack would be created again (test/aws/shard-contract.test.ts pins it).
 * Kept in the model so `vend validate` can predict the stacks and StackSets a catalog needs.
 */
import { FUNCTION_OU_NAME, fnv1a } from './naming';
import type { EffectiveUnit } from './effective-unit';
import type { UnitKind } from './schema';

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
