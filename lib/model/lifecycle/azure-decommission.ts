/**
 * The Azure decommission sequence (DECISIONS.md §4). Merging `lifecycle: decommissioned` makes the
 * tenant apply place the subscription in the Decommissioned management group (deny-all). The CLI
 * then checks that, deletes every role assignment made at or below the subscription (resource
 * groups and resources included), removes PIM eligibility, removes the baseline (its policy
 * assignments and resource group) and cancels the subscription. Azure Policy's deny acts on
 * create and update requests only (learn.microsoft.com/azure/governance/policy/concepts/effect-deny),
 * so the CLI's deletes and the cancel are not refused by deny-all.
 */
import type { LifecycleCall, LifecycleStep } from './step';

const SUB = '/subscriptions/${SubscriptionId}';
const call = (action: string, resource: string, access: 'read' | 'write', target: 'management' | 'unit' = 'unit'): LifecycleCall => ({
  action,
  resource,
  target,
  principal: 'azure-pipeline',
  access,
});
const placementReads = [
  call('Microsoft.Management/managementGroups/descendants/read', '/providers/Microsoft.Management/managementGroups/${TenantId}', 'read', 'management'),
  call('Microsoft.Management/managementGroups/subscriptions/read', '/providers/Microsoft.Management/managementGroups/*/subscriptions/${SubscriptionId}', 'read', 'management'),
];

export const AZURE_DECOMMISSION: readonly LifecycleStep[] = [
  {
    id: 'quarantine',
    cloud: 'azure',
    title: 'Subscription in the Decommissioned management group',
    runs: 'iac',
    principal: 'azure-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: 'the subscription sits in the Decommissioned management group, which has every policy assignment the hierarchy places there',
    act:
      "the tenant stack associates the subscription with the Decommissioned management group (deny-all) and forgets its alias (a removed block, destroy = false); the unit's own stack declares nothing but removed blocks (destroy = false) for everything it declared while active, so no later apply re-creates what the CLI deletes (lib/azure/lifecycle)",
    deploy: "the Azure tenant stack (terraform apply) and the unit's stack, with Terraform >= 1.7 and the unit marked `lifecycle: decommissioned`",
    requires: [],
    calls: [...placementReads, call('Microsoft.Authorization/policyAssignments/read', '/providers/Microsoft.Management/managementGroups/*', 'read', 'management')],
  },
  {
    id: 'revoke-access',
    cloud: 'azure',
    title: 'Delete role assignments in the subscription',
    runs: 'cli',
    principal: 'azure-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: 'role assignments at the subscription scope or below it (resource groups, resources); inherited ones are left to their own scope',
    act: 'delete each of them',
    requires: ['quarantine'],
    calls: [call('Microsoft.Authorization/roleAssignments/read', `${SUB}`, 'read'), call('Microsoft.Authorization/roleAssignments/delete', `${SUB}/**`, 'write')],
  },
  {
    id: 'revoke-eligibility',
    cloud: 'azure',
    title: 'Remove PIM eligible assignments',
    runs: 'cli',
    principal: 'azure-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: 'eligible role assignment schedules at the subscription scope',
    act: 'an AdminRemove eligibility schedule request for each, named from the schedule so a rerun repeats the same request',
    requires: ['quarantine'],
    calls: [
      call('Microsoft.Authorization/roleEligibilitySchedules/read', `${SUB}`, 'read'),
      call('Microsoft.Authorization/roleEligibilityScheduleRequests/write', `${SUB}`, 'write'),
    ],
  },
  {
    id: 'remove-baseline',
    cloud: 'azure',
    title: 'Remove the baseline',
    runs: 'cli',
    principal: 'azure-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: "vend's policy assignments at the subscription scope and the baseline resource group",
    act: 'delete the vend-* policy assignments (never others) and the baseline resource group, waiting until it is gone',
    requires: ['revoke-access', 'revoke-eligibility'],
    calls: [
      call('Microsoft.Authorization/policyAssignments/read', `${SUB}`, 'read'),
      call('Microsoft.Authorization/policyAssignments/delete', `${SUB}/providers/Microsoft.Authorization/policyAssignments/vend-*`, 'write'),
      call('Microsoft.Resources/subscriptions/resourceGroups/read', `${SUB}/resourceGroups/rg-vend-*`, 'read'),
      call('Microsoft.Resources/subscriptions/resourceGroups/delete', `${SUB}/resourceGroups/rg-vend-*`, 'write'),
    ],
  },
  {
    id: 'cancel',
    cloud: 'azure',
    title: 'Cancel the subscription',
    runs: 'cli',
    principal: 'azure-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: 'the subscription state is Disabled, Deleted or Expired',
    act: 'cancel the subscription once it sits in the Decommissioned management group',
    requires: ['remove-baseline'],
    calls: [...placementReads, call('Microsoft.Subscription/cancel/action', `${SUB}`, 'write')],
  },
];
