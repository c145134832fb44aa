/**
 * IaC step `quarantine`: the tenant apply has placed the subscription in the Decommissioned
 * management group, which has its deny-all assignment. The CLI only checks.
 */
import { getContinuationToken as policyToken } from '@azure/arm-policy';
import type { LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { subscriptionPlacement } from '../subscriptions';
import type { AzureSteps } from './context';

export function quarantineStep(s: AzureSteps, spec: LifecycleStep): Step {
  return {
    spec,
    async inspect() {
      const assigned = await s.azure.list('PolicyAssignments.listForManagementGroup', () => s.azure.policy.policyAssignments.listForManagementGroup(s.target, { filter: 'atScope()' }), policyToken);
      const missing = s.quarantinePolicies().filter((n) => !assigned.some((a) => a.name === n));
      const now = await subscriptionPlacement(s.azure, s.ctx.subscription.id);
      if (!now) throw new Error(`subscription ${s.ctx.subscription.id} is not in the management-group tree`);
      if (missing.length) return { done: false, detail: `${s.target} lacks ${missing.join(', ')}; the subscription is in ${now.parent}` };
      if (now.parent !== s.target) return { done: false, detail: `the subscription is in ${now.parent}, not ${s.target}` };
      return { done: true, detail: `in ${s.target}, which has ${s.quarantinePolicies().join(', ')}` };
    },
  };
}
