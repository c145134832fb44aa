/**
 * What decommission may act on, and when an account may be closed. Pure functions over the model
 * and the ledger, so the refusal and quota rules are testable without a cloud.
 */
import { accountClosureLimit, quotasOf, type EffectiveUnit, type VendModel } from '../../model';
import type { LedgerEntry } from '../ledger';

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
  if (unit.protected && !allow.allowProtectedUnits) {
    return `unit '${unitName}' is protected; organization.yaml decommission.allowProtectedUnits must be true`;
  }
  return undefined;
}

export const CLOSURE_WINDOW_DAYS = 30;
export const CLOSE_ACTION = 'decommission.close';

export interface ClosureQuota {
  readonly limit: number;
  readonly used: number;
  readonly allowed: boolean;
  /** When the oldest closure in the window leaves it (only when not allowed). */
  readonly nextSlot?: Date;
}

/**
 * Rolling-window closure quota: closures recorded in the ledger in the last 30 days against
 * max(20% of accounts, 250), capped at 1,000 (organization.yaml `quotas` may override).
 */
export function closureQuota(model: VendModel, entries: readonly LedgerEntry[], accounts: number, now: Date): ClosureQuota {
  const limit = accountClosureLimit(quotasOf(model.catalog.organization.spec), accounts);
  const windowStart = now.getTime() - CLOSURE_WINDOW_DAYS * 86_400_000;
  const closures = entries
    .filter((e) => e.action === CLOSE_ACTION && e.outcome === 'done' && Date.parse(e.time) > windowStart)
    .map((e) => Date.parse(e.time))
    .sort((a, b) => a - b);
  if (closures.length < limit) return { limit, used: closures.length, allowed: true };
  const freeing = closures[closures.length - limit];
  return { limit, used: closures.length, allowed: false, nextSlot: new Date(freeing + CLOSURE_WINDOW_DAYS * 86_400_000) };
}

export function describeUnit(unit: EffectiveUnit): string {
  return `${unit.name} (${unit.kind}, ${unit.cloud}, ${unit.environment})`;
}
