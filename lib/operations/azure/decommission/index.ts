/**
 * The Azure decommission steps, built from the lifecycle state machine in the model: one
 * implementation per step id, in the model's order.
 */
import type { Step } from '../../decommission/engine';
import { stepsFromModel, type StepFactory } from '../../decommission/steps-from-model';
import { cancelStep } from './cancel';
import { AzureSteps, type AzureDecommissionContext } from './context';
import { quarantineStep } from './quarantine';
import { removeBaselineStep } from './remove-baseline';
import { revokeAccessStep } from './revoke-access';
import { revokeEligibilityStep } from './revoke-eligibility';

export type { AzureDecommissionContext, UnitSubscription } from './context';
export { azureIdentityEvidence } from './identity-evidence';

const IMPLEMENTATIONS: Readonly<Record<string, StepFactory<AzureSteps>>> = {
  quarantine: quarantineStep,
  'revoke-access': revokeAccessStep,
  'revoke-eligibility': revokeEligibilityStep,
  'remove-baseline': removeBaselineStep,
  cancel: cancelStep,
};

export function azureDecommissionSteps(ctx: AzureDecommissionContext): Step[] {
  return stepsFromModel('azure', IMPLEMENTATIONS, new AzureSteps(ctx));
}

export const AZURE_STEP_IMPLEMENTATIONS = Object.keys(IMPLEMENTATIONS);
