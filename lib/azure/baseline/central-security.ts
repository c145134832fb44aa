/**
 * The Central unit's log sinks: the security Log Analytics workspace and the Event Hub every
 * Azure subscription forwards to. Names are fixed (names.ts) so the tenant stack can publish their
 * ids before this stack exists.
 */
import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub';
import { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace';
import { EventhubNamespaceAuthorizationRule } from '@cdktf/provider-azurerm/lib/eventhub-namespace-authorization-rule';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { Construct } from 'constructs';
import { EVENT_HUB, EVENT_HUB_RULE, eventHubNamespaceName, LOG_ANALYTICS_WORKSPACE } from '../names';
import type { SubscriptionContext } from './context';
import type { LogDestination } from './log-forwarding';

export class CentralSecurity extends Construct {
  readonly workspace: LogAnalyticsWorkspace;
  readonly destination: LogDestination;

  constructor(scope: Construct, id: string, props: { readonly context: SubscriptionContext }) {
    super(scope, id);
    const { unit, resourceGroup, model } = props.context;
    const common = { location: unit.region, resourceGroupName: resourceGroup.name, tags: unit.tags };
    this.workspace = new LogAnalyticsWorkspace(this, 'Workspace', { ...common, name: LOG_ANALYTICS_WORKSPACE, sku: 'PerGB2018', retentionInDays: 365 });
    const namespace = new EventhubNamespace(this, 'EventHubNamespace', {
      ...common,
      name: eventHubNamespaceName(model.catalog.organization.spec.name),
      sku: 'Standard',
      capacity: 1,
      minimumTlsVersion: '1.2',
      publicNetworkAccessEnabled: false,
      networkRulesets: [{ defaultAction: 'Deny', trustedServiceAccessEnabled: true, publicNetworkAccessEnabled: false }],
    });
    const hub = new Eventhub(this, 'EventHub', { name: EVENT_HUB, namespaceId: namespace.id, partitionCount: 4, messageRetention: 7 });
    const rule = new EventhubNamespaceAuthorizationRule(this, 'DiagnosticsRule', {
      name: EVENT_HUB_RULE,
      namespaceName: namespace.name,
      resourceGroupName: resourceGroup.name,
      listen: true,
      send: true,
      manage: true,
    });
    this.destination = { logAnalyticsWorkspaceId: this.workspace.id, eventHubAuthorizationRuleId: rule.id, eventHubName: hub.name };
  }
}
