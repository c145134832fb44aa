/**
 * What the catalog places where, and what counts as gone, in the terms the live clouds use: shared
 * by the plan, drift and decommission so they can never disagree about either.
 */
import type { Catalog } from './catalog';
import type { HierarchyNode } from './hierarchy';
import { policyAssignmentName, scpName } from './naming';
import type { Cloud } from './schema';

/**
 * Account statuses of a closed (or closing) AWS account: `Status` has PENDING_CLOSURE and SUSPENDED,
 * the newer `State` also CLOSED (after the 90-day suspension; Organizations API reference, Account).
 */
export const CLOSED_ACCOUNT_STATES: ReadonlySet<string> = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);
/** Subscription states of a cancelled (or expired) Azure subscription. */
export const CLOSED_SUBSCRIPTION_STATES: ReadonlySet<string> = new Set(['Disabled', 'Deleted', 'Expired']);

/**
 * The policies vend attaches directly at a hierarchy node in one cloud, as live names (SCP names in
 * AWS, policy assignment names in Azure) mapped to the control each realizes.
 */
export function guardrailsAt(catalog: Pick<Catalog, 'controls'>, node: HierarchyNode, cloud: Cloud): Map<string, string> {
  const placed = new Map<string, string>();
  for (const control of node.controls) {
    const realized = catalog.controls.get(control);
    if (cloud === 'aws' && realized?.scp) placed.set(scpName(control), control);
    if (cloud === 'azure' && realized && realized.azurePolicies.length > 0) placed.set(policyAssignmentName(control), control);
  }
  return placed;
}
