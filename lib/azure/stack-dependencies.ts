/**
 * Which stacks each Azure stack reads from, and so must be applied after: every unit stack reads
 * the tenant stack's outputs; every unit but Central forwards logs to Central; a Space connects to
 * its PoP's Private Link Service. A pure function of the model: synth writes it into
 * manifest.json, and the apply runner computes its waves from that manifest.
 */
import type { EffectiveUnit, VendModel } from '../model';
import { stackName, TENANT_STACK } from './names';

const KIND_ORDER: Readonly<Record<string, number>> = { Central: 0, ControlPlane: 1, PoP: 2, Space: 3 };

/** Azure units in the order their stacks are listed: Central, ControlPlane, PoPs, Spaces, by name. */
export function orderedUnits(model: VendModel): EffectiveUnit[] {
  const order = (kind: string) => KIND_ORDER[kind] ?? 4;
  return model.units.filter((u) => u.cloud === 'azure').sort((a, b) => order(a.kind) - order(b.kind) || (a.name < b.name ? -1 : 1));
}

/** Dependencies of every unit stack, by stack name (the tenant stack depends on nothing). */
export function stackDependencies(model: VendModel): Record<string, string[]> {
  const central = orderedUnits(model).find((u) => u.kind === 'Central' && u.lifecycle === 'active');
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
