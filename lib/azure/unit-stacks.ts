/**
 * The Azure stacks (Terraform states) that hold a unit's resources, for the plan: the tenant stack
 * (subscription, management-group placement, Entra groups), the unit's own stack, and for a Space
 * its PoP's stack (the Private Link service lists the Spaces it admits). Pure: no cdktf import.
 */
import type { EffectiveUnit, VendModel } from '../model';
import { stackName, TENANT_STACK } from './names';

export function azureStacksOfUnit(unit: EffectiveUnit, model: VendModel): string[] {
  const stacks = [TENANT_STACK, stackName(unit)];
  const pop = unit.kind === 'Space' && unit.network?.pop ? model.unit(unit.network.pop) : undefined;
  if (pop?.cloud === 'azure') stacks.push(stackName(pop));
  return stacks;
}
