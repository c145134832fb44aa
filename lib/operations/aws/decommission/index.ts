/**
 * The AWS decommission steps, built from the lifecycle state machine in the model: one
 * implementation per step id, in the model's order, for the steps that concern the unit.
 */
import { stepApplies } from '../../../model';
import type { Step } from '../../decommission/engine';
import { stepsFromModel, type StepFactory } from '../../decommission/steps-from-model';
import { closeStep } from './close';
import { AwsSteps, type AwsDecommissionContext } from './context';
import { dropAccessStep } from './drop-access';
import { dropPopPrincipalStep } from './drop-pop-principal';
import { quarantineStep } from './quarantine';
import { removeBaselineStep } from './remove-baseline';
import { revokeTrustStep } from './revoke-trust';

export type { AwsDecommissionContext, UnitAccount } from './context';
export { DENY_ALL_TRUST, externalGrants } from './trust-policy';

const IMPLEMENTATIONS: Readonly<Record<string, StepFactory<AwsSteps>>> = {
  quarantine: quarantineStep,
  'drop-access': dropAccessStep,
  'drop-pop-principal': dropPopPrincipalStep,
  'remove-baseline': removeBaselineStep,
  'revoke-trust': revokeTrustStep,
  close: closeStep,
};

export function awsDecommissionSteps(ctx: AwsDecommissionContext): Step[] {
  const popCloud = ctx.unit.network?.pop ? ctx.model.unit(ctx.unit.network.pop)?.cloud : undefined;
  return stepsFromModel('aws', IMPLEMENTATIONS, new AwsSteps(ctx), (spec) => stepApplies(spec, { kind: ctx.unit.kind, popCloud }));
}

/** Step ids with an implementation (a test checks they match the model's sequence). */
export const AWS_STEP_IMPLEMENTATIONS = Object.keys(IMPLEMENTATIONS);
export { awsIdentityEvidence } from './identity-evidence';
