/**
 * The Azure decommission steps, built from the lifecycle state machine in the model: one
 * implementation per step id, in the model's order.
 */
import { decommissionSequence, type LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { cancelStep } from './cancel';
import { AzureSteps, type AzureDecommissionContext } from './context';
import { quarantineStep } from './quarantine';
import { removeBaselineStep } from './remove-baseline';
import { revokeAccessStep } from './revoke-access';
import { revokeEligibilityStep } from './revoke-eligibility';

export type { AzureDecommissionContext, UnitSubscription } from './context';
export { azureIdentityEvidence } from './identity-evidence';

const IMPLEMENTATIONS: Readonly<Record<string, (s: AzureSteps, spec: LifecycleStep) => Step>> = {
  quarantine: quarantineStep,
  'revoke-access': revokeAccessStep,
  'revoke-eligibility': revokeEligibilityStep,
  'remove-baseline': removeBaselineStep,
  cancel: cancelStep,
};

export function azureDecommissionSteps(ctx: AzureDecommissionContext): Step[] {
  const s = new AzureSteps(ctx);
  return decommissionSequence('azure').map((spec) => {
    const make = IMPLEMENTATIONS[spec.id];
    if (!make) throw new Error(`no implementation for the Azure lifecycle step '${spec.id}'`);
    return make(s, spec);
  });
}

export const AZURE_STEP_IMPLEMENTATIONS = Object.keys(IMPLEMENTATIONS);
