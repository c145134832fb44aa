/**
 * What decommission may act on: a pure function of the model, so the refusals are testable without
 * a cloud. Nothing is acted on unless the unit file says `lifecycle: decommissioned`; Central and
 * ControlPlane units need organization.yaml `decommission.allowProtectedKinds`, `protected: true`
 * units `decommission.allowProtectedUnits`.
 */
import type { EffectiveUnit, VendModel } from '../../model';

/** Returns why the unit must not be decommissioned, or undefined when it may be. */
export function refusal(model: VendModel, unitName: string): string | undefined {
  const unit = model.unit(unitName);
  if (!unit) return `unit '${unitName}' is not in the catalog`;
  if (unit.lifecycle !== 'decommissioned') {
    return `unit '${unitName}' is ${unit.lifecycle} in the catalog; set 'lifecycle: decommissioned' in ${unit.file} (by pull request) first`;
  }
  const allow = model.catalog.organization.spec.decommission ?? {};
  if ((unit.kind === 'Central' || unit.kind === 'ControlPlane') && !(allow.allowProtectedKinds ?? []).includes(unit.kind)) {
    return `unit '${unitName}' is a ${unit.kind} unit; organization.yaml decommission.allowProtectedKinds must list ${unit.kind}`;
  }
  if (unit.protected && allow.allowProtectedUnits !== true) {
    return `unit '${unitName}' is protected; organization.yaml decommission.allowProtectedUnits must be true`;
  }
  return undefined;
}

export function describeUnit(unit: EffectiveUnit): string {
  return `${unit.name} (${unit.kind}, ${unit.cloud}, ${unit.environment})`;
}
