/**
 * Which stacks each Azure stack reads from, and so must be applied after: every unit stack reads
 * the tenant stack's outputs; every unit but Central forwards logs to Central; a Space connects to
 * its PoP's Private Link Service. A pure function of the model: synth writes it into
 * manifest.json, and the apply runner computes its waves from that manifest.
 */
import { activeCentrals, compareStrings, kindDeployRank, type EffectiveUnit, type VendModel } from '../model';
import { stackName, TENANT_STACK } from './names';

/** Azure units in the model's deploy order of kinds (Central first, Spaces last), then by name. */
export function orderedUnits(model: VendModel): EffectiveUnit[] {
  return model.units.filter((u) => u.cloud === 'azure').sort((a, b) => kindDeployRank(a.kind) - kindDeployRank(b.kind) || compareStrings(a.name, b.name));
}

/** Dependencies of every unit stack, by stack name (the tenant stack depends on nothing). */
export function stackDependencies(model: VendModel): Record<string, string[]> {
  const central = activeCentrals(model.units, 'azure')[0];
  const out: Record<string, string[]> = {};
  for (const unit of orderedUnits(model)) {
    const deps = [TENANT_STACK];
    if (central && unit !== central) deps.push(stackName(central));
    const pop = unit.kind === 'Space' ? unit.network?.pop : undefined;
    if (pop && model.unit(pop)?.cloud === 'azure') deps.push(stackName({ name: pop }));
    out[stackName(unit)] = deps;
  }
  return out;
}
