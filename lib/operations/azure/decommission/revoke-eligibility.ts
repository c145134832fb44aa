/**
 * CLI step `revoke-eligibility`: an AdminRemove request for every PIM eligible assignment at the
 * subscription scope. The request name is derived from the schedule, so a rerun after a crash
 * repeats the same request (409 when it already exists) instead of adding another.
 */
import { getContinuationToken as authToken } from '@azure/arm-authorization';
import { stableGuid, type LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { noneLeft } from '../../decommission/steps-from-model';
import type { AzureSteps } from './context';

export function revokeEligibilityStep(s: AzureSteps, spec: LifecycleStep): Step {
  const eligibilities = async () =>
    (await s.azure.list('RoleEligibilitySchedules.listForScope', () => s.auth.roleEligibilitySchedules.listForScope(s.scope, { filter: 'atScope()' }), authToken)).filter(
      (e) => (e.scope ?? '').toLowerCase() === s.scope.toLowerCase(),
    );
  return {
    spec,
    async inspect() {
      return noneLeft(
        await eligibilities(),
        { some: 'eligible assignment(s)', none: 'no eligible assignments at subscription scope' },
        (e) => `AdminRemove eligibility of ${e.principalId} for ${e.roleDefinitionId?.split('/').pop()}`,
      );
    },
    async apply() {
      const removed: string[] = [];
      for (const e of await eligibilities()) {
        const name = stableGuid(`decommission/remove-eligibility/${e.id}`);
        try {
          await s.azure.write('RoleEligibilityScheduleRequests.create', () =>
            s.auth.roleEligibilityScheduleRequests.create(s.scope, name, {
              requestType: 'AdminRemove',
              principalId: e.principalId!,
              roleDefinitionId: e.roleDefinitionId!,
              justification: `vend decommission ${s.ctx.unit.name}`,
            }),
          );
        } catch (err) {
          // The same request name from an earlier, interrupted run: it is already in.
          if ((err as { statusCode?: number }).statusCode !== 409) throw err;
        }
        removed.push(name);
      }
      return { requests: removed };
    },
  };
}
