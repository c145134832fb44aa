/**
 * The subscription's Key Vault and the key for the unit's data. The vault uses RBAC, keeps soft
 * delete and purge protection, and has no public network access: it is reached through a private
 * endpoint. The data key is the unit's own HSM key (rotated by the vault's rotation policy), or for
 * single-tenant Spaces the customer's key (BYOK, `encryption.customerManagedKey`, a Key Vault or
 * Managed HSM key, possibly in the customer's own tenant). A disk encryption set binds that key to
 * the unit's managed disks.
 *
 * Neither the key nor the disk encryption set goes through azurerm's key or disk-encryption-set
 * resources: with `auto_key_rotation_enabled`, azurerm_disk_encryption_set reads the key's latest
 * version over the Key Vault data plane from the runner (GetKey,
 * internal/services/compute/disk_encryption_set_resource.go:180-189 at v4.55.0; for Managed HSM
 * :505), which a vault without public network access refuses. Both are ARM template deployments
 * (management plane): the data key's deployment returns its versioned URI, and the disk encryption
 * set rotates to each new version itself (`rotationToLatestKeyVersionEnabled`).
 */
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
import { parseAzureKeyUrl } from '../../model';
import { EntraFederatedApplication } from '../entra';
import { BUILT_IN_ROLES, subscriptionRoleDefinitionId } from '../roles';
import { diskEncryptionSetParameters, diskEncryptionSetTemplate, type DiskEncryptionKey } from './disk-encryption-set';
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
  /** BYOK: the application the customer grants on their key. */
  readonly keyAccessApplication?: EntraFederatedApplication;

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
      subnetId: props.network.endpointSubnetId,
      privateServiceConnection: { name: 'key-vault', privateConnectionResourceId: this.vault.id, subresourceNames: ['vault'], isManualConnection: false },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [zone.id] },
    });

    this.byok = unit.kind === 'Space' && unit.tenancy === 'single' && unit.customerManagedKey !== undefined;
    this.encryptionIdentity = new UserAssignedIdentity(this, 'EncryptionIdentity', { ...common, name: `id-${unit.name}-cmk` });
    let activeKey: DiskEncryptionKey;
    let grant: RoleAssignment | undefined;
    if (this.byok) {
      const key = parseAzureKeyUrl(unit.customerManagedKey!);
      // `vend validate` (rules/byok-single-tenant) refuses any other form first.
      if (!key) throw new Error(`unit ${unit.name}: encryption.customerManagedKey must be a versioned Key Vault or Managed HSM key id`);
      this.dataKeyId = unit.customerManagedKey!;
      // The customer's key may live in another tenant: the disk encryption set reaches it as a
      // multi-tenant application federated to this unit's identity, which the customer grants.
      this.keyAccessApplication = new EntraFederatedApplication(this, 'KeyAccessApplication', {
        displayName: `vend ${unit.name} customer key access`,
        tenantId,
        identityPrincipalId: this.encryptionIdentity.principalId,
      });
      activeKey = { keyUrl: this.dataKeyId, federatedClientId: this.keyAccessApplication.clientId, rotateToLatest: false };
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
      const outputs = Fn.jsondecode(key.outputContent);
      this.dataKeyId = Fn.lookupNested(outputs, ['keyUri', 'value']);
      grant = new RoleAssignment(this, 'EncryptionIdentityKeyAccess', {
        scope: this.vault.id,
        roleDefinitionId: subscriptionRoleDefinitionId(props.context.subscriptionId, BUILT_IN_ROLES.KeyVaultCryptoServiceEncryptionUser),
        principalId: this.encryptionIdentity.principalId,
        principalType: 'ServicePrincipal',
        description: 'vend: disk encryption set unwraps the data key',
      });
      activeKey = { keyUrl: Fn.lookupNested(outputs, ['keyUriWithVersion', 'value']), sourceVaultId: this.vault.id, rotateToLatest: true };
    }
    new ResourceGroupTemplateDeployment(this, 'DiskEncryptionSet', {
      name: 'vend-disk-encryption-set',
      resourceGroupName: resourceGroup.name,
      deploymentMode: 'Incremental',
      templateContent: JSON.stringify(diskEncryptionSetTemplate()),
      parametersContent: JSON.stringify(diskEncryptionSetParameters(`des-${unit.name}`, unit.region, this.encryptionIdentity.id, activeKey)),
      tags: unit.tags,
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
      keyUriWithVersion: {
        type: 'string',
        value: "[reference(resourceId('Microsoft.KeyVault/vaults/keys', parameters('vaultName'), parameters('keyName')), '2023-07-01').keyUriWithVersion]",
      },
    },
  };
}
