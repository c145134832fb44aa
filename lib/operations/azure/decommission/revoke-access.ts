/**
 * CLI step `revoke-access`: delete every role assignment made at the subscription or below it
 * (resource groups, resources). Listing role assignments for a subscription without a filter returns
 * those at, above and below it (learn.microsoft.com/rest/api/authorization/role-assignments/
 * list-for-subscription); the ones above are inherited from management groups and left to them.
 * A DELETE is not something Azure Policy's deny evaluates, so deny-all does not stand in the way.
 */
import { getContinuationToken as authToken } from '@azure/arm-authorization';
import type { LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { noneLeft } from '../../decommission/steps-from-model';
import type { AzureSteps } from './context';

export function revokeAccessStep(s: AzureSteps, spec: LifecycleStep): Step {
  const assignments = async () => (await s.azure.list('RoleAssignments.listForSubscription', () => s.auth.roleAssignments.listForSubscription(), authToken)).filter((a) => s.within(a.scope));
  return {
    spec,
    async inspect() {
      return noneLeft(
        await assignments(),
        { some: 'role assignment(s) in the subscription', none: 'no role assignments in the subscription' },
        (a) => `delete role assignment ${a.name} at ${a.scope} (${a.principalType ?? 'principal'} ${a.principalId} → ${a.roleDefinitionId?.split('/').pop()})`,
      );
    },
    async apply() {
      let deleted = 0;
      for (const a of await assignments()) {
        try {
          await s.azure.write('RoleAssignments.delete', () => s.auth.roleAssignments.delete(a.scope!, a.name!));
          deleted++;
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode !== 404) throw e;
        }
      }
      return { deleted };
    },
  };
}
