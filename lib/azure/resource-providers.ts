/**
 * Which Azure resource providers a stack's resources need registered in its subscription, derived
 * from the resources themselves (and the resource types inside the ARM templates vend deploys), so
 * a unit registers exactly what it uses. An azurerm type missing from the table is an error: a new
 * resource type has to say which provider it needs before it can be synthesized.
 *
 * Namespaces are the ARM resource-provider namespaces of each type (learn.microsoft.com/azure/
 * azure-resource-manager/management/azure-services-resource-providers). Providers every
 * subscription has registered from the start (Microsoft.Resources, Microsoft.Authorization; same
 * page, "registered by default") are left out.
 */
import type { IConstruct } from 'constructs';
import { TerraformResource } from './cdktf';

const ALWAYS_REGISTERED = new Set(['Microsoft.Resources', 'Microsoft.Authorization']);

/** azurerm resource type → the resource-provider namespaces it needs. */
export const AZURERM_RESOURCE_PROVIDERS: Readonly<Record<string, readonly string[]>> = {
  azurerm_resource_group: ['Microsoft.Resources'],
  azurerm_resource_group_template_deployment: ['Microsoft.Resources'],
  azurerm_role_assignment: ['Microsoft.Authorization'],
  azurerm_pim_eligible_role_assignment: ['Microsoft.Authorization'],
  azurerm_role_management_policy: ['Microsoft.Authorization'],
  azurerm_virtual_network: ['Microsoft.Network'],
  azurerm_subnet: ['Microsoft.Network'],
  azurerm_network_security_group: ['Microsoft.Network'],
  azurerm_subnet_network_security_group_association: ['Microsoft.Network'],
  azurerm_private_endpoint: ['Microsoft.Network'],
  azurerm_private_dns_zone: ['Microsoft.Network'],
  azurerm_private_dns_zone_virtual_network_link: ['Microsoft.Network'],
  azurerm_lb: ['Microsoft.Network'],
  azurerm_private_link_service: ['Microsoft.Network'],
  azurerm_network_watcher: ['Microsoft.Network'],
  // VNet flow logs are written by Network Watcher through Microsoft.Insights ("Register Insights
  // provider", learn.microsoft.com/azure/network-watcher/vnet-flow-logs-portal#prerequisites).
  azurerm_network_watcher_flow_log: ['Microsoft.Network', 'Microsoft.Insights'],
  azurerm_key_vault: ['Microsoft.KeyVault'],
  azurerm_storage_account: ['Microsoft.Storage'],
  azurerm_user_assigned_identity: ['Microsoft.ManagedIdentity'],
  azurerm_security_center_subscription_pricing: ['Microsoft.Security'],
  azurerm_security_center_contact: ['Microsoft.Security'],
  azurerm_monitor_diagnostic_setting: ['Microsoft.Insights'],
  azurerm_log_analytics_workspace: ['Microsoft.OperationalInsights'],
  azurerm_eventhub_namespace: ['Microsoft.EventHub'],
  azurerm_eventhub: ['Microsoft.EventHub'],
  azurerm_eventhub_namespace_authorization_rule: ['Microsoft.EventHub'],
};

/**
 * Every subscription also gets Microsoft.PolicyInsights: the deployIfNotExists assignments vend
 * makes remediate through it (learn.microsoft.com/azure/governance/policy/how-to/remediate-resources).
 */
export const BASELINE_RESOURCE_PROVIDERS = ['Microsoft.PolicyInsights'] as const;

/** Resource providers the resources under `scope` need, sorted; throws on an unknown type. */
export function resourceProvidersOf(scope: IConstruct): string[] {
  const needed = new Set<string>(BASELINE_RESOURCE_PROVIDERS);
  for (const node of scope.node.findAll()) {
    if (!(node instanceof TerraformResource)) continue;
    const type = node.terraformResourceType;
    if (!type.startsWith('azurerm_')) continue;
    const namespaces = AZURERM_RESOURCE_PROVIDERS[type];
    if (!namespaces) throw new Error(`${node.node.path}: no resource provider is listed for ${type}; add it to AZURERM_RESOURCE_PROVIDERS (lib/azure/resource-providers.ts)`);
    for (const ns of namespaces) needed.add(ns);
    for (const ns of templateNamespaces(node)) needed.add(ns);
  }
  return [...needed].filter((ns) => !ALWAYS_REGISTERED.has(ns)).sort();
}

/** Namespaces of the resource types an ARM template deployment creates. */
function templateNamespaces(resource: TerraformResource): string[] {
  const content = (resource as unknown as { templateContent?: unknown }).templateContent;
  if (typeof content !== 'string' || !content.startsWith('{')) return [];
  const template = JSON.parse(content) as { resources?: Array<{ type?: string }> };
  return (template.resources ?? []).map((r) => String(r.type).split('/')[0]);
}
