/**
 * The ARM template of a unit's disk encryption set (Microsoft.Compute/diskEncryptionSets), deployed
 * through the management plane so nothing reads the key over the Key Vault data plane from the
 * runner (see key-vault.ts). Properties per learn.microsoft.com/azure/templates/microsoft.compute/
 * 2023-10-02/diskencryptionsets: `activeKey.keyUrl` (versioned), `activeKey.sourceVault.id` (a vault
 * in this tenant; omitted for Managed HSM and for a key in another tenant), `federatedClientId`
 * (the multi-tenant application for a key in another tenant), `rotationToLatestKeyVersionEnabled`.
 */

export interface DiskEncryptionKey {
  /** Versioned key URL (a Terraform expression or literal). */
  readonly keyUrl: string;
  /** Resource id of the vault holding the key, when it is a vault in this tenant. */
  readonly sourceVaultId?: string;
  /** Client id of the multi-tenant application that reaches a key in another tenant. */
  readonly federatedClientId?: string;
  /** Follow new key versions automatically (the unit's own key). */
  readonly rotateToLatest: boolean;
}

export const DISK_ENCRYPTION_SET_API = '2023-10-02';

export function diskEncryptionSetTemplate() {
  const param = (name: string) => `[parameters('${name}')]`;
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      name: { type: 'string' },
      location: { type: 'string' },
      identityId: { type: 'string' },
      activeKey: { type: 'object' },
      federatedClientId: { type: 'string', defaultValue: '' },
      rotateToLatest: { type: 'bool' },
    },
    resources: [
      {
        type: 'Microsoft.Compute/diskEncryptionSets',
        apiVersion: DISK_ENCRYPTION_SET_API,
        name: param('name'),
        location: param('location'),
        identity: { type: 'UserAssigned', userAssignedIdentities: { [param('identityId')]: {} } },
        properties: {
          encryptionType: 'EncryptionAtRestWithCustomerKey',
          activeKey: param('activeKey'),
          rotationToLatestKeyVersionEnabled: param('rotateToLatest'),
          federatedClientId: "[if(empty(parameters('federatedClientId')), null(), parameters('federatedClientId'))]",
        },
      },
    ],
    outputs: {
      id: { type: 'string', value: "[resourceId('Microsoft.Compute/diskEncryptionSets', parameters('name'))]" },
    },
  };
}

/** The deployment's parameters for one unit. */
export function diskEncryptionSetParameters(name: string, location: string, identityId: string, key: DiskEncryptionKey) {
  const activeKey = key.sourceVaultId ? { keyUrl: key.keyUrl, sourceVault: { id: key.sourceVaultId } } : { keyUrl: key.keyUrl };
  return {
    name: { value: name },
    location: { value: location },
    identityId: { value: identityId },
    activeKey: { value: activeKey },
    federatedClientId: { value: key.federatedClientId ?? '' },
    rotateToLatest: { value: key.rotateToLatest },
  };
}
