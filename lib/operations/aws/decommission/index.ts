/**
 * The AWS decommission steps, built from the lifecycle state machine in the model: one
 * implementation per step id, in the model's order, for the steps that concern the unit.
 */
import { decommissionSequence, stepApplies, type LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { closeStep } from './close';
import { AwsSteps, type AwsDecommissionContext } from './context';
import { dropAccessStep } from './drop-access';
import { dropPopPrincipalStep } from './drop-pop-principal';
import { quarantineStep } from './quarantine';
import { removeBaselineStep } from './remove-baseline';
import { revokeTrustStep } from './revoke-trust';

export type { AwsDecommissionContext, UnitAccount } from './context';
export { DENY_ALL_TRUST, externalGrants } from './trust-policy';

const IMPLEMENTATIONS: Readonly<Record<string, (s: AwsSteps, spec: LifecycleStep) => Step>> = {
  quarantine: quarantineStep,
  'drop-access': dropAccessStep,
  'drop-pop-principal': dropPopPrincipalStep,
  'remove-baseline': removeBaselineStep,
  'revoke-trust': revokeTrustStep,
  close: closeStep,
};

export function awsDecommissionSteps(ctx: AwsDecommissionContext): Step[] {
  const s = new AwsSteps(ctx);
  const popCloud = ctx.unit.network?.pop ? ctx.model.unit(ctx.unit.network.pop)?.cloud : undefined;
  return decommissionSequence('aws')
    .filter((spec) => stepApplies(spec, { kind: ctx.unit.kind, popCloud }))
    .map((spec) => {
      const make = IMPLEMENTATIONS[spec.id];
      if (!make) throw new Error(`no implementation for the AWS lifecycle step '${spec.id}'`);
      return make(s, spec);
    });
}

/** Step ids with an implementation (a test checks they match the model's sequence). */
export const AWS_STEP_IMPLEMENTATIONS = Object.keys(IMPLEMENTATIONS);
export { awsIdentityEvidence } from './identity-evidence';
