/**
 * CLI step `remove-baseline`: delete vend's own policy assignments at the subscription scope (never
 * anyone else's) and the baseline resource group, waiting until the group is gone.
 */
import { getContinuationToken as policyToken } from '@azure/arm-policy';
import type { LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { RESOURCES_API, type AzureSteps } from './context';

/** vend names every policy assignment it makes `vend-…` (lib/model/naming.ts policyAssignmentName). */
export const VEND_ASSIGNMENT_PREFIX = 'vend-';

export function removeBaselineStep(s: AzureSteps, spec: LifecycleStep): Step {
  const rgPath = `${s.scope}/resourcegroups/${s.resourceGroup}`;
  const group = async (): Promise<string | undefined> => {
    const r = await s.azure.request('ResourceGroups.get', 'GET', rgPath, RESOURCES_API);
    if (r.status === 404) return undefined;
    if (r.status >= 400) throw new Error(`reading ${s.resourceGroup}: ${r.status} ${JSON.stringify(r.body)}`);
    return (r.body as { properties?: { provisioningState?: string } }).properties?.provisioningState ?? 'Succeeded';
  };
  const assignments = async () =>
    (await s.azure.list('PolicyAssignments.list', () => s.policy.policyAssignments.list({ filter: 'atExactScope()' }), policyToken)).filter((a) => a.name?.startsWith(VEND_ASSIGNMENT_PREFIX));
  return {
    spec,
    async inspect() {
      const found = await assignments();
      const rg = await group();
      const parts = [...(found.length ? [`${found.length} vend policy assignment(s)`] : []), ...(rg ? [`resource group ${s.resourceGroup} (${rg})`] : [])];
      return {
        done: parts.length === 0,
        detail: parts.length ? parts.join(', ') : `no vend policy assignments, no ${s.resourceGroup}`,
        actions: [...found.map((a) => `delete policy assignment ${a.name}`), ...(rg ? [`delete resource group ${s.resourceGroup}`] : [])],
      };
    },
    async apply() {
      const removed: string[] = [];
      for (const a of await assignments()) {
        await s.azure.write('PolicyAssignments.delete', () => s.policy.policyAssignments.delete(s.scope, a.name!));
        removed.push(a.name!);
      }
      if (await group()) {
        // Deleting a resource group is asynchronous (202); wait until it is gone.
        const r = await s.azure.request('ResourceGroups.delete', 'DELETE', rgPath, RESOURCES_API);
        if (r.status >= 400 && r.status !== 404) throw new Error(`deleting ${s.resourceGroup}: ${r.status} ${JSON.stringify(r.body)}`);
        for (let i = 0; (await group()) !== undefined; i++) {
          if (i >= 600) throw new Error(`${s.resourceGroup} still exists after its deletion was accepted (a resource in it may still be in use)`);
          await s.clock.sleep(s.pollMs);
        }
        removed.push(s.resourceGroup);
      }
      return { removed };
    },
  };
}
