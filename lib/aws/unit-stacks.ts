/**
 * The AWS stacks that hold a unit's resources, for the plan ("which stacks does this change
 * touch"): its shard's Accounts and Baseline stacks, and the PoP access stack of the PoP it is or
 * reaches. Pure (topology names only), so `vend plan` needs no aws-cdk-lib. Keep it in step with
 * vend-aws-app.ts when stacks are added or renamed.
 */
import type { EffectiveUnit, VendModel } from '../model';
import { shardOf, stackNames } from './topology';

export function awsStacksOfUnit(unit: EffectiveUnit, model: VendModel): string[] {
  const shard = shardOf(unit);
  const stacks = [stackNames.accounts(shard), stackNames.baseline(shard)];
  const pop = unit.kind === 'PoP' ? unit : unit.kind === 'Space' && unit.network?.pop ? model.unit(unit.network.pop) : undefined;
  if (pop?.cloud === 'aws') stacks.push(stackNames.popAccess(pop.name));
  return stacks;
}
