/** CLI step `cancel`: cancel the subscription, and only once it sits in the Decommissioned group. */
import { CLOSED_SUBSCRIPTION_STATES, type LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { subscriptionPlacement } from '../subscriptions';
import type { AzureSteps } from './context';

export function cancelStep(s: AzureSteps, spec: LifecycleStep): Step {
  const id = s.ctx.subscription.id;
  return {
    spec,
    async inspect() {
      const now = await subscriptionPlacement(s.azure, id);
      const state = now?.state ?? 'Unknown';
      if (CLOSED_SUBSCRIPTION_STATES.has(state)) return { done: true, detail: `subscription ${state}` };
      return { done: false, detail: `subscription ${state}`, actions: [`cancel subscription ${id}`] };
    },
    async apply() {
      // Never cancel a subscription that is not quarantined.
      const before = await subscriptionPlacement(s.azure, id);
      if (before?.parent !== s.target) throw new Error(`subscription ${id} is in ${before?.parent ?? 'no management group'}, not ${s.target}; refusing to cancel it`);
      try {
        await s.azure.write('Subscription.cancel', () => s.azure.subscriptions.subscription.cancel(id));
      } catch (e) {
        // An earlier, interrupted cancel already went through.
        const now = await subscriptionPlacement(s.azure, id);
        if (!now || !CLOSED_SUBSCRIPTION_STATES.has(now.state)) throw e;
      }
      // Cancellation is asynchronous in ARM; wait until the state shows it.
      for (let i = 0; i < 60; i++) {
        const now = await subscriptionPlacement(s.azure, id);
        if (now && CLOSED_SUBSCRIPTION_STATES.has(now.state)) break;
        await s.clock.sleep(s.pollMs);
      }
      return { cancelled: id };
    },
  };
}
