/**
 * One stack per Azure unit: the baseline of its subscription, stamped from its template. The
 * provider is bound to the unit's subscription through the tenant stack's outputs, so a brand-new
 * unit is created (tenant stack) and then baselined (this stack) without anybody copying an id.
 */
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import type { Construct } from 'constructs';
import type { EffectiveUnit, VendModel } from '../model';
import { useBackend, type StateBackend } from './backend';
import { EntraProvider } from './entra';
import { AccessBaseline } from './baseline/access';
import { CentralSecurity } from './baseline/central-security';
import type { SubscriptionContext } from './baseline/context';
import { DefenderBaseline } from './baseline/defender';
import { FlowLogs } from './baseline/flow-logs';
import { KeyVaultBaseline } from './baseline/key-vault';
import { LogForwarding, type LogDestination } from './baseline/log-forwarding';
import { NetworkBaseline } from './baseline/network';
import { TerraformOutput } from './cdktf';
import { SinglePassStack } from './single-pass-stack';
import { AWS_LOG_DELIVERY_PRINCIPAL_OUTPUT, awsLogDeliveryTrust, deliversToAws } from '../model/cross-cloud-trust';
import { baselineResourceGroup, TENANT_OUTPUTS } from './names';
import { unitProvider } from './provider';
import { resourceProvidersOf } from './resource-providers';
import { tenantOutputs } from './tenant-outputs';

export interface SubscriptionStackProps {
  readonly model: VendModel;
  readonly unit: EffectiveUnit;
  readonly backend: StateBackend;
  /** PoPs: the Spaces that name this PoP. @default none */
  readonly spaces?: readonly string[];
}

export class SubscriptionStack extends SinglePassStack {
  readonly keyVault: KeyVaultBaseline;
  readonly network: NetworkBaseline;

  constructor(scope: Construct, id: string, props: SubscriptionStackProps) {
    super(scope, id);
    const { model, unit } = props;
    const azure = model.catalog.organization.spec.azure;
    if (!azure) throw new Error('organization.yaml has no azure block');
    useBackend(this, id, props.backend);
    const central = model.units.find((u) => u.cloud === 'azure' && u.kind === 'Central' && u.lifecycle === 'active');
    const tenant = tenantOutputs(this, { backend: props.backend, org: model.catalog.organization.spec.name, central });
    const tenantOutput = tenant.read;
    const subscriptionId = tenantOutput(TENANT_OUTPUTS.subscriptionIds, unit.name);
    const resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: baselineResourceGroup(unit), location: unit.region, tags: unit.tags });
    const context: SubscriptionContext = { model, unit, subscriptionId, tenantId: azure.tenantId, resourceGroup, tenantOutput };

    const flowLogs = unit.baseline.logForwarding.flowLogs ? new FlowLogs(this, 'FlowLogs', { context }) : undefined;
    this.network = new NetworkBaseline(this, 'Network', { context, spaces: props.spaces, flowLogs });
    this.keyVault = new KeyVaultBaseline(this, 'KeyVault', { context, network: this.network });
    new DefenderBaseline(this, 'Defender', { context });
    new AccessBaseline(this, 'Access', { context });
    if (this.keyVault.keyAccessApplication) new EntraProvider(this, 'azuread', { tenantId: azure.tenantId });

    // Central hosts the sinks; it forwards to them directly so its own stack orders itself.
    const destination: LogDestination =
      unit.kind === 'Central'
        ? new CentralSecurity(this, 'CentralSecurity', { context }).destination
        : {
            logAnalyticsWorkspaceId: tenantOutput(TENANT_OUTPUTS.logAnalyticsWorkspaceId),
            eventHubAuthorizationRuleId: tenantOutput(TENANT_OUTPUTS.eventHubAuthorizationRuleId),
            eventHubName: tenantOutput(TENANT_OUTPUTS.eventHubName),
          };
    new LogForwarding(this, 'LogForwarding', {
      subscriptionId,
      destination,
      activityLogs: unit.baseline.logForwarding.activityLogs,
      resources: { KeyVault: this.keyVault.vault.id, VirtualNetwork: this.network.virtualNetwork.id },
    });

    new TerraformOutput(this, 'subscription_id', { value: subscriptionId });
    new TerraformOutput(this, 'key_vault_id', { value: this.keyVault.vault.id });
    new TerraformOutput(this, 'data_key_id', { value: this.keyVault.dataKeyId });
    new TerraformOutput(this, 'encryption_identity_principal_id', { value: this.keyVault.encryptionIdentity.principalId });
    if (this.keyVault.keyAccessApplication) {
      // The customer provisions this application in their tenant and grants it on their key.
      new TerraformOutput(this, 'key_access_application_client_id', { value: this.keyVault.keyAccessApplication.clientId });
    }
    if (this.network.privateLinkService) {
      new TerraformOutput(this, 'private_link_service_id', { value: this.network.privateLinkService.id });
      new TerraformOutput(this, 'private_link_service_alias', { value: this.network.privateLinkService.alias });
    }

    // Cross-cloud: the identity AWS trusts for this Space's log delivery (see lib/model/cross-cloud-trust.ts).
    if (deliversToAws(unit)) {
      const trust = awsLogDeliveryTrust(model, unit);
      const identity = new UserAssignedIdentity(this, 'AwsLogDeliveryIdentity', {
        name: trust.identityName,
        location: unit.region,
        resourceGroupName: resourceGroup.name,
        tags: unit.tags,
      });
      new TerraformOutput(this, AWS_LOG_DELIVERY_PRINCIPAL_OUTPUT, { value: identity.principalId });
      new TerraformOutput(this, 'aws_log_delivery_client_id', { value: identity.clientId });
      new TerraformOutput(this, 'aws_log_delivery_audience', { value: trust.audience });
      new TerraformOutput(this, 'aws_log_delivery_role_name', { value: trust.awsRoleName });
    }

    // Last, so it registers exactly the resource providers of everything above.
    unitProvider(this, {
      tenantId: azure.tenantId,
      subscriptionIdLookup: tenant.lookup(TENANT_OUTPUTS.subscriptionIds, unit.name),
      resourceProviders: resourceProvidersOf(this),
    });
  }
}
