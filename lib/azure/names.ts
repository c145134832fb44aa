/**
 * Every Azure-side name vend derives, in one place. All are pure functions of stable catalog keys
 * (organization, unit and control names), so renaming a display name never replaces a resource and
 * the same catalog always yields the same ids. Length limits are the Azure ones.
 */
import { createHash } from 'node:crypto';
import { networkLayout, parseCidr, splitNetwork, type EffectiveUnit } from '../model';

/** Name of the tenant-level stack; reserved (no unit may be called this). */
export const TENANT_STACK = 'vend-azure-tenant';

/** Outputs of the tenant stack that subscription stacks read through remote state. */
export const TENANT_OUTPUTS = {
  subscriptionIds: 'subscription_ids',
  groupObjectIds: 'group_object_ids',
  logAnalyticsWorkspaceId: 'log_analytics_workspace_id',
  eventHubAuthorizationRuleId: 'eventhub_authorization_rule_id',
  eventHubName: 'eventhub_name',
  privateLinkServiceIds: 'pop_private_link_service_ids',
} as const;

/** A unit's stack is named after the unit: one stack, one Terraform state, one subscription. */
export function stackName(unit: Pick<EffectiveUnit, 'name'>): string {
  return unit.name;
}

/** Short, stable hex digest of a key. */
export function digest(key: string, length = 6): string {
  return createHash('sha256').update(key).digest('hex').slice(0, length);
}

// One definition in the model, shared with the lifecycle operations.
import { baselineResourceGroup } from '../model/naming';
export { baselineResourceGroup, stableGuid } from '../model/naming';

/** Key Vault names are global, 3–24 characters, letters, digits and single hyphens. */
export function keyVaultName(unit: Pick<EffectiveUnit, 'identity'>): string {
  const stem = unit.identity.slice(0, 17).replace(/-+$/, '');
  return `${stem}-${digest(unit.identity)}`;
}

/** Storage account names are global, 3–24 lower-case letters and digits. */
export function flowLogStorageName(unit: Pick<EffectiveUnit, 'identity'>): string {
  return `fl${unit.identity.replace(/[^a-z0-9]/g, '').slice(0, 14)}${digest(unit.identity, 8)}`;
}

/** Event Hubs namespace names are global, 6–50 characters. */
export function eventHubNamespaceName(org: string): string {
  return `evhns-vend-${org}-${digest(`${org}/security`)}`;
}

export const LOG_ANALYTICS_WORKSPACE = 'log-vend-security';
export const EVENT_HUB = 'vend-security-logs';
export const EVENT_HUB_RULE = 'vend-diagnostics';
export const PRIVATE_LINK_SERVICE = 'pls-vend-pop';
export const DATA_KEY = 'vend-data';

/** ARM id of the Central unit's workspace, computable before the Central stack exists. */
export function logAnalyticsWorkspaceId(subscriptionId: string, central: Pick<EffectiveUnit, 'name'>): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${baselineResourceGroup(central)}/providers/Microsoft.OperationalInsights/workspaces/${LOG_ANALYTICS_WORKSPACE}`;
}

export function eventHubAuthorizationRuleId(subscriptionId: string, central: Pick<EffectiveUnit, 'name'>, org: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${baselineResourceGroup(central)}/providers/Microsoft.EventHub/namespaces/${eventHubNamespaceName(org)}/authorizationRules/${EVENT_HUB_RULE}`;
}

export function privateLinkServiceId(subscriptionId: string, pop: Pick<EffectiveUnit, 'name'>): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${baselineResourceGroup(pop)}/providers/Microsoft.Network/privateLinkServices/${PRIVATE_LINK_SERVICE}`;
}

export function policyDefinitionName(definition: string): string {
  return `vend-${definition}`;
}

export function policySetDefinitionName(control: string): string {
  return `vend-${control}`;
}

/**
 * Splits a unit's network into the baseline's subnets (the model's network layout: four equal
 * parts, each at least Azure's smallest subnet, /29). `vend validate` refuses a network that cannot
 * be split; this throws on one anyway, for models built without validation.
 */
export function quarterSubnets(cidr: string): [string, string, string, string] {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(`'${cidr}' is not an IPv4 CIDR`);
  const layout = networkLayout('azure', 'Space');
  if (parsed.block.prefix > layout.largestPrefix) throw new Error(`'${cidr}' is too small to split into ${layout.subnets} subnets (needs /${layout.largestPrefix} or larger)`);
  return splitNetwork(cidr, 4) as [string, string, string, string];
}
