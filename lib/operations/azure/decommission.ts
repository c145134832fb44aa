/**
 * Azure decommission steps: delete role assignments at subscription scope, remove PIM
 * eligibilities, move to the Decommissioned management group (deny-all policy), remove the
 * baseline (its subscription-scope policy assignments and its resource group), cancel. The PoP's
 * Private Link visibility follows the catalog through the PoP's own realization. Each step reads the real state first.
 */
import { getContinuationToken as authToken } from '@azure/arm-authorization';
import { getContinuationToken as policyToken } from '@azure/arm-policy';
import { createHash } from 'node:crypto';
import { baselineResourceGroup } from '../../azure/names';
import { policyAssignmentName, type EffectiveUnit, type VendModel } from '../../model';
import { systemClock, type Clock } from '../client';
import type { Step } from '../decommission/engine';
import type { AzureClients } from './clients';
import { subscriptionPlacement, type LocatedSubscription } from './subscriptions';

export interface AzureDecommissionContext {
  readonly azure: AzureClients;
  readonly model: VendModel;
  readonly unit: EffectiveUnit;
  readonly subscription: LocatedSubscription;
  readonly clock?: Clock;
  readonly pollMs?: number;
}

const RESOURCES_API = '2021-04-01';
const CANCELLED = new Set(['Disabled', 'Deleted', 'Expired', 'Canceled', 'Cancelled']);

/** A stable GUID from text: the same request name on every rerun makes PUTs idempotent. */
export function stableGuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function azureDecommissionSteps(ctx: AzureDecommissionContext): Step[] {
  const { azure, subscription } = ctx;
  const scope = `/subscriptions/${subscription.id}`;
  const auth = azure.authorization(subscription.id);
  const policy = azure.policyFor(subscription.id);
  const target = ctx.model.hierarchy.node('quarantine').azure.id;
  const clock = ctx.clock ?? systemClock;
  const quarantinePolicies = ctx.model.hierarchy
    .node('quarantine')
    .controls.filter((c) => ctx.model.catalog.controls.get(c)?.spec.azure)
    .map(policyAssignmentName);
  const rg = baselineResourceGroup(ctx.unit);
  const rgPath = `/subscriptions/${subscription.id}/resourcegroups/${rg}`;
  /** The baseline resource group's provisioning state, undefined once it is gone. */
  const baselineGroup = async (): Promise<string | undefined> => {
    const r = await azure.request('ResourceGroups.get', 'GET', rgPath, RESOURCES_API);
    if (r.status === 404) return undefined;
    if (r.status >= 400) throw new Error(`reading ${rg}: ${r.status} ${JSON.stringify(r.body)}`);
    return (r.body as { properties?: { provisioningState?: string } }).properties?.provisioningState ?? 'Succeeded';
  };
  const atThisScope = (s: string | undefined) => (s ?? '').toLowerCase() === scope.toLowerCase();

  const assignments = async () =>
    (await azure.list('RoleAssignments.listForScope', () => auth.roleAssignments.listForScope(scope, { filter: 'atScope()' }), authToken)).filter((a) => atThisScope(a.scope));
  const eligibilities = async () =>
    (await azure.list('RoleEligibilitySchedules.listForScope', () => auth.roleEligibilitySchedules.listForScope(scope, { filter: 'atScope()' }), authToken)).filter((e) => atThisScope(e.scope));
  const baselineAssignments = async () =>
    (await azure.list('PolicyAssignments.list', () => policy.policyAssignments.list({ filter: 'atExactScope()' }), policyToken)).filter((a) => a.name?.startsWith('vend-'));

  return [
    {
      name: 'revoke-access',
      title: 'Delete role assignments at subscription scope',
      async inspect() {
        const found = await assignments();
        return {
          done: found.length === 0,
          detail: found.length ? `${found.length} role assignment(s)` : 'no role assignments at subscription scope',
          actions: found.map((a) => `delete role assignment ${a.name} (${a.principalId} → ${a.roleDefinitionId?.split('/').pop()})`),
        };
      },
      async apply() {
        let deleted = 0;
        for (const a of await assignments()) {
          try {
            await azure.write('RoleAssignments.delete', () => auth.roleAssignments.delete(scope, a.name!));
            deleted++;
          } catch (e) {
            if ((e as { statusCode?: number }).statusCode !== 404) throw e;
          }
        }
        return { deleted };
      },
    },
    {
      name: 'revoke-eligibility',
      title: 'Remove PIM eligible assignments',
      async inspect() {
        const found = await eligibilities();
        return {
          done: found.length === 0,
          detail: found.length ? `${found.length} eligible assignment(s)` : 'no eligible assignments at subscription scope',
          actions: found.map((e) => `AdminRemove eligibility of ${e.principalId} for ${e.roleDefinitionId?.split('/').pop()}`),
        };
      },
      async apply() {
        const removed: string[] = [];
        for (const e of await eligibilities()) {
          const name = stableGuid(`remove:${e.id}`);
          try {
            await azure.write('RoleEligibilityScheduleRequests.create', () =>
              auth.roleEligibilityScheduleRequests.create(scope, name, {
                requestType: 'AdminRemove',
                principalId: e.principalId!,
                roleDefinitionId: e.roleDefinitionId!,
                justification: `vend decommission ${ctx.unit.name}`,
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
    },
    {
      name: 'quarantine',
      title: `Move to the ${target} management group`,
      async inspect() {
        // Moving into the Decommissioned group only quarantines if its deny-all policy is really assigned.
        const assigned = await azure.list('PolicyAssignments.listForManagementGroup', () => azure.policy.policyAssignments.listForManagementGroup(target, { filter: 'atScope()' }), policyToken);
        const missing = quarantinePolicies.filter((n) => !assigned.some((a) => a.name === n));
        if (missing.length) throw new Error(`${target} lacks ${missing.join(', ')}; deploy the tenant before decommissioning`);
        const now = await subscriptionPlacement(azure, subscription.id);
        if (!now) throw new Error(`subscription ${subscription.id} is not in the management-group tree`);
        return { done: now.parent === target, detail: `in ${now.parent}`, actions: [`move ${subscription.id} from ${now.parent} to ${target}`] };
      },
      async apply() {
        await azure.write('ManagementGroupSubscriptions.create', () => azure.managementGroups.managementGroupSubscriptions.create(target, subscription.id));
        return { to: target };
      },
    },
    {
      name: 'remove-baseline',
      title: 'Remove the baseline',
      async inspect() {
        const found = await baselineAssignments();
        const group = await baselineGroup();
        const parts = [
          ...(found.length ? [`${found.length} baseline policy assignment(s)`] : []),
          ...(group ? [`resource group ${rg} (${group})`] : []),
        ];
        return {
          done: parts.length === 0,
          detail: parts.length ? parts.join(', ') : `no baseline policy assignments, no ${rg}`,
          actions: [...found.map((a) => `delete policy assignment ${a.name}`), ...(group ? [`delete resource group ${rg}`] : [])],
        };
      },
      async apply() {
        const removed: string[] = [];
        for (const a of await baselineAssignments()) {
          await azure.write('PolicyAssignments.delete', () => policy.policyAssignments.delete(scope, a.name!));
          removed.push(a.name!);
        }
        if (await baselineGroup()) {
          // Deleting a resource group is asynchronous (202); wait until it is gone.
          const r = await azure.request('ResourceGroups.delete', 'DELETE', rgPath, RESOURCES_API);
          if (r.status >= 400 && r.status !== 404) throw new Error(`deleting ${rg}: ${r.status} ${JSON.stringify(r.body)}`);
          for (let i = 0; (await baselineGroup()) !== undefined; i++) {
            if (i >= 600) throw new Error(`${rg} still exists after deletion was accepted`);
            await clock.sleep(ctx.pollMs ?? 1000);
          }
          removed.push(rg);
        }
        return { removed };
      },
    },
    {
      name: 'cancel',
      title: 'Cancel the subscription',
      async inspect() {
        const now = await subscriptionPlacement(azure, subscription.id);
        const state = now?.state ?? 'Unknown';
        if (CANCELLED.has(state)) return { done: true, detail: `subscription ${state}` };
        return { done: false, detail: `subscription ${state}`, actions: [`cancel subscription ${subscription.id}`] };
      },
      async apply() {
        // Never cancel a subscription that is not quarantined (the step before must have converged).
        const before = await subscriptionPlacement(azure, subscription.id);
        if (before?.parent !== target) throw new Error(`subscription ${subscription.id} is not in ${target}; refusing to cancel it`);
        try {
          await azure.write('Subscription.cancel', () => azure.subscriptions.subscription.cancel(subscription.id));
        } catch (e) {
          // An earlier, interrupted cancel already went through.
          const now = await subscriptionPlacement(azure, subscription.id);
          if (!now || !CANCELLED.has(now.state)) throw e;
        }
        // Cancellation is asynchronous in ARM; wait until the state shows it.
        for (let i = 0; i < 60; i++) {
          const now = await subscriptionPlacement(azure, subscription.id);
          if (now && CANCELLED.has(now.state)) break;
          await clock.sleep(ctx.pollMs ?? 1000);
        }
        return { cancelled: subscription.id };
      },
    },
  ];
}
