/**
 * What `vend bootstrap azure` creates before the first apply, as pure functions of the catalog, so
 * the bootstrap operation and the Azure realization agree without reading each other: the
 * ControlPlane subscription the pipeline runs in (created through the same alias the tenant stack
 * declares, then imported by it) and the storage account that holds every stack's state.
 */
import { createHash } from 'node:crypto';
import type { EffectiveUnit } from './effective-unit';
import type { VendModel } from './model';

/** The Azure ControlPlane unit whose subscription hosts the pipeline and the state storage. */
export function azureControlPlaneUnit(model: Pick<VendModel, 'units'>): EffectiveUnit | undefined {
  return model.units
    .filter((u) => u.cloud === 'azure' && u.kind === 'ControlPlane' && u.lifecycle === 'active')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
}

/** Resource group of the state storage account in the ControlPlane subscription. */
export const STATE_RESOURCE_GROUP = 'rg-vend-state';

/** Blob container that holds one `<stack>.tfstate` per stack. */
export const STATE_CONTAINER = 'tfstate';

/**
 * Default name of the state storage account: storage account names are global, 3–24 lower-case
 * letters and digits (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage),
 * so the organization name is shortened and made unique with a digest of the tenant id.
 */
export function stateStorageAccountName(org: { readonly name: string; readonly azure?: { readonly tenantId: string } }): string {
  const stem = org.name.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12);
  const digest = createHash('sha256').update(`${org.name}/${org.azure?.tenantId ?? ''}/state`).digest('hex').slice(0, 6);
  return `stvend${stem}${digest}`;
}
