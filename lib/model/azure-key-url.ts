/**
 * The Azure key ids a Space may bring as its customer-managed key: a versioned Key Vault key
 * (`https://<vault>.vault.azure.net/keys/<name>/<version>`) or a versioned Managed HSM key
 * (`https://<hsm>.managedhsm.azure.net/keys/<name>/<version>`). Versioned, because a disk
 * encryption set's `activeKey.keyUrl` is "Fully versioned Key Url pointing to a key in KeyVault.
 * Version segment of the Url is required regardless of rotationToLatestKeyVersionEnabled value"
 * (Disk Encryption Sets REST API, KeyForDiskEncryptionSet; learn.microsoft.com/rest/api/compute/disk-encryption-sets/create-or-update).
 */
export interface AzureKeyUrl {
  readonly kind: 'keyVault' | 'managedHsm';
  /** `https://<vault or hsm host>` */
  readonly base: string;
  readonly name: string;
  readonly version: string;
}

const KEY_URL = /^https:\/\/([a-z0-9][a-z0-9-]{1,22}[a-z0-9])\.(vault\.azure\.net|managedhsm\.azure\.net)\/keys\/([A-Za-z0-9-]{1,127})\/([0-9a-f]{32})$/;

export function parseAzureKeyUrl(url: string): AzureKeyUrl | undefined {
  const m = KEY_URL.exec(url);
  if (!m) return undefined;
  return { kind: m[2] === 'vault.azure.net' ? 'keyVault' : 'managedHsm', base: `https://${m[1]}.${m[2]}`, name: m[3], version: m[4] };
}
