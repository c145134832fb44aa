/**
 * The subscription's Key Vault and the key for the unit's data. The vault uses RBAC, keeps soft
 * delete and purge protection, and has no public network access: it is reached through a private
 * endpoint. The data key is the unit's own HSM key (rotated by the vault's rotation policy), or for
 * single-tenant Spaces the customer's key (BYOK, `encryption.customerManagedKey`). A disk
 * encryption set binds that key to the unit's managed disks.
 */
import { DiskEncryptionSet } from '@cdktf/provider-azurerm/lib/disk-encryption-set';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Construct } from 'constructs';
import { Fn } from '../cdktf';
import { DATA_KEY, keyVaultName } from '../names';
import { builtInRoleId } from '../roles';
import type { SubscriptionContext } from './context';
import type { NetworkBaseline } from './network';

export interface KeyVaultBaselineProps {
  readonly context: SubscriptionContext;
  readonly network: NetworkBaseline;
}

export class KeyVaultBaseline extends Construct {
  readonly vault: KeyVault;
  /** Versionless id of the key that protects the unit's data. */
  readonly dataKeyId: string;
  /** True when the data key is the customer's (BYOK). */
  readonly byok: boolean;
  readonly encryptionIdentity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: KeyVaultBaselineProps) {
    super(scope, id);
    const { unit, resourceGroup, tenantId } = props.context;
    const common = { location: unit.region, resourceGroupName: resourceGroup.name, tags: unit.tags };
    this.vault = new KeyVault(this, 'Resource', {
      ...common,
      name: keyVaultName(unit),
      tenantId,
      skuName: 'premium',
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      publicNetworkAccessEnabled: false,
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny' },
    });

    const zone = new PrivateDnsZone(this, 'DnsZone', { name: 'privatelink.vaultcore.azure.net', resourceGroupName: resourceGroup.name, tags: unit.tags });
    new PrivateDnsZoneVirtualNetworkLink(this, 'DnsZoneLink', {
      name: 'vend-key-vault',
      resourceGroupName: resourceGroup.name,
      privateDnsZoneName: zone.name,
      virtualNetworkId: props.network.virtualNetwork.id,
      registrationEnabled: false,
      tags: unit.tags,
    });
    new PrivateEndpoint(this, 'PrivateEndpoint', {
      ...common,
      name: `pe-${this.vault.name}`,
      subnetId: props.network.endpointSubnet.id,
      privateServiceConnection: { name: 'key-vault', privateConnectionResourceId: this.vault.id, subresourceNames: ['vault'], isManualConnection: false },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [zone.id] },
    });

    this.byok = unit.kind === 'Space' && unit.tenancy === 'single' && unit.customerManagedKey !== undefined;
    if (this.byok) {
      if (!/^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/keys\//.test(unit.customerManagedKey!)) {
        throw new Error(`unit ${unit.name}: encryption.customerManagedKey must be a Key Vault key id for an Azure unit`);
      }
      this.dataKeyId = unit.customerManagedKey!;
    } else {
      // Created through ARM (management plane): the vault accepts no public data-plane traffic, so
      // the pipeline cannot use the data-plane key API from outside the unit's network.
      const key = new ResourceGroupTemplateDeployment(this, 'DataKey', {
        name: 'vend-data-key',
        resourceGroupName: resourceGroup.name,
        deploymentMode: 'Incremental',
        templateContent: JSON.stringify(dataKeyTemplate(unit.baseline.kms.rotation)),
        parametersContent: JSON.stringify({ vaultName: { value: this.vault.name }, keyName: { value: DATA_KEY } }),
        tags: unit.tags,
      });
      this.dataKeyId = Fn.lookupNested(Fn.jsondecode(key.outputContent), ['keyUri', 'value']);
    }

    this.encryptionIdentity = new UserAssignedIdentity(this, 'EncryptionIdentity', { ...common, name: `id-${unit.name}-cmk` });
    const grant = this.byok
      ? undefined // the customer grants this identity on their own key; its principal id is an output
      : new RoleAssignment(this, 'EncryptionIdentityKeyAccess', {
          scope: this.vault.id,
          roleDefinitionId: builtInRoleId(`/subscriptions/${props.context.subscriptionId}`, 'KeyVaultCryptoServiceEncryptionUser'),
          principalId: this.encryptionIdentity.principalId,
          principalType: 'ServicePrincipal',
          description: 'vend: disk encryption set unwraps the data key',
        });
    new DiskEncryptionSet(this, 'DiskEncryptionSet', {
      ...common,
      name: `des-${unit.name}`,
      keyVaultKeyId: this.dataKeyId,
      autoKeyRotationEnabled: true,
      encryptionType: 'EncryptionAtRestWithCustomerKey',
      identity: { type: 'UserAssigned', identityIds: [this.encryptionIdentity.id] },
      dependsOn: grant ? [grant] : undefined,
    });
  }
}

/** ARM template for the data key: RSA-HSM, wrap/unwrap only, rotated every 180 days when asked. */
export function dataKeyTemplate(rotation: boolean) {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { vaultName: { type: 'string' }, keyName: { type: 'string' } },
    resources: [
      {
        type: 'Microsoft.KeyVault/vaults/keys',
        apiVersion: '2023-07-01',
        name: "[format('{0}/{1}', parameters('vaultName'), parameters('keyName'))]",
        properties: {
          kty: 'RSA-HSM',
          keySize: 3072,
          keyOps: ['wrapKey', 'unwrapKey'],
          rotationPolicy: {
            attributes: { expiryTime: 'P2Y' },
            lifetimeActions: [
              ...(rotation ? [{ trigger: { timeAfterCreate: 'P180D' }, action: { type: 'rotate' } }] : []),
              { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } },
            ],
          },
        },
      },
    ],
    outputs: {
      keyUri: {
        type: 'string',
        value: "[reference(resourceId('Microsoft.KeyVault/vaults/keys', parameters('vaultName'), parameters('keyName')), '2023-07-01').keyUri]",
      },
    },
  };
}
