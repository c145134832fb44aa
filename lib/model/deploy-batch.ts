/**
 * A bound on the AWS accounts one deploy creates. Accounts are created one after another (the
 * AWS::Organizations::Account reference: "If you create multiple accounts at the same time,
 * Organizations returns an error and the stack operation fails"), each taking minutes, so a catalog
 * that adds hundreds of units would keep one deploy running for many hours, past the pipeline's
 * credentials and job limits. With a bound, a deploy creates at most that many new accounts and
 * leaves the rest, whole units at a time, to the next run; units whose account already exists are
 * never held back.
 */
import type { EffectiveUnit } from './effective-unit';
import { KIND_DEPLOY_ORDER as ORDER } from './unit-roles';

export interface DeployBatch {
  /** The units this run deploys: every unit with an account, and new ones within the bound. */
  readonly included: EffectiveUnit[];
  /** New units left for a later run, by name. */
  readonly deferred: string[];
}

/**
 * Splits the AWS units into this run's and later runs'. `existing` are the unit names of accounts
 * that exist (the `vend:unit` tags of an inventory). A new unit that is already decommissioned is
 * never created. A new Space whose new PoP is deferred waits with it.
 */
export function deployBatch(units: readonly EffectiveUnit[], existing: ReadonlySet<string>, maxNewAccounts: number): DeployBatch {
  // The log archive first, then the platform, then PoPs before the Spaces that reach them.
  const fresh = units
    .filter((u) => !existing.has(u.name) && u.lifecycle === 'active')
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const admitted = new Set<string>();
  const deferred: string[] = [];
  for (const unit of fresh) {
    const pop = unit.network?.pop;
    const waitsForPop = pop !== undefined && !existing.has(pop) && !admitted.has(pop) && units.some((u) => u.name === pop);
    if (admitted.size < maxNewAccounts && !waitsForPop) admitted.add(unit.name);
    else deferred.push(unit.name);
  }
  const neverCreated = new Set(units.filter((u) => !existing.has(u.name) && u.lifecycle !== 'active').map((u) => u.name));
  const included = units.filter((u) => (existing.has(u.name) || admitted.has(u.name)) && !neverCreated.has(u.name));
  return { included, deferred: deferred.sort() };
}
