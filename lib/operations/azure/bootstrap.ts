/**
 * `vend bootstrap azure`: creates what must exist before the first `terraform apply` of the tenant
 * stack, each step only if it is missing, so a rerun (or a run after a failure) picks up where the
 * last one stopped and changes nothing that is already right:
 *  1. the ControlPlane subscription, through its alias (Subscription Alias - Create; a GET first);
 *  2. the resource providers the state storage and the tenant stack need, registered there;
 *  3. the state resource group, 4. the state storage account (HTTPS only, TLS 1.2, no shared keys,
 *     no anonymous blob access: the org guardrails' terms), 5. blob versioning and soft delete on
 *     it (a damaged state file can be recovered), 6. the state container — all through the
 *     management plane, never the storage data plane.
 * The subscription lands in the tenant's default management group (no vend group exists yet); the
 * tenant stack's first apply imports it and moves it into its group with one PUT.
 */
import type { AzureClients } from './clients';
import { bootstrapEnvironment, type AzureBootstrapPlan } from './bootstrap-plan';

export type BootstrapStepStatus = 'present' | 'created' | 'updated';

export interface BootstrapStepResult {
  readonly step: string;
  readonly status: BootstrapStepStatus;
  readonly detail: string;
}

export interface BootstrapReport {
  readonly plan: AzureBootstrapPlan;
  readonly subscriptionId: string;
  readonly steps: readonly BootstrapStepResult[];
  /** What to export for `vend synth` and the pipeline. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface BootstrapOptions {
  readonly plan: AzureBootstrapPlan;
  readonly azure: AzureClients;
  readonly log?: (line: string) => void;
  /** Between polls of a registration or a new subscription. @default 5000 */
  readonly pollMs?: number;
  /** @default 120 (10 minutes at the default interval) */
  readonly maxPolls?: number;
}

export async function bootstrapAzure(options: BootstrapOptions): Promise<BootstrapReport> {
  const { plan } = options;
  const steps: BootstrapStepResult[] = [];
  const record = (r: BootstrapStepResult) => {
    steps.push(r);
    options.log?.(`${r.status === 'present' ? '=' : '+'} ${r.step}: ${r.detail}`);
  };
  const subscriptionId = await ensureSubscription(options, record);
  await ensureProviders(options, subscriptionId, record);
  await ensureResourceGroup(options, subscriptionId, record);
  await ensureStorageAccount(options, subscriptionId, record);
  await ensureBlobProtection(options, subscriptionId, record);
  await ensureContainer(options, subscriptionId, record);
  return { plan, subscriptionId, steps, environment: bootstrapEnvironment(plan, subscriptionId) };
}

type Record_ = (r: BootstrapStepResult) => void;

/** Runs a read, turning a 404 into `undefined`. */
async function found<T>(azure: AzureClients, operation: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await azure.read(operation, fn);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

async function ensureSubscription(options: BootstrapOptions, record: Record_): Promise<string> {
  const { plan, azure } = options;
  const existing = await found(azure, 'Alias.get', () => azure.subscriptions.alias.get(plan.alias));
  let id = existing?.properties?.subscriptionId;
  if (id) {
    record({ step: 'subscription', status: 'present', detail: `alias ${plan.alias} → subscription ${id}` });
    return id;
  }
  const body = { properties: { displayName: plan.alias, billingScope: plan.billingScope, workload: plan.workload } };
  const created = await azure.write('Alias.create', () => azure.subscriptions.alias.beginCreateAndWait(plan.alias, body, { updateIntervalInMs: options.pollMs ?? 5000 }));
  id = created.properties?.subscriptionId;
  if (!id) throw new Error(`alias ${plan.alias} was created but reports no subscription id (provisioning state ${created.properties?.provisioningState ?? 'unknown'})`);
  record({ step: 'subscription', status: 'created', detail: `alias ${plan.alias} → subscription ${id}` });
  return id;
}

async function ensureProviders(options: BootstrapOptions, subscriptionId: string, record: Record_): Promise<void> {
  const { plan, azure } = options;
  const rm = azure.resources(subscriptionId);
  for (const ns of plan.resourceProviders) {
    const state = async () => (await azure.read('Providers.get', () => rm.providers.get(ns))).registrationState;
    if ((await state()) === 'Registered') {
      record({ step: `provider ${ns}`, status: 'present', detail: 'registered' });
      continue;
    }
    await azure.write('Providers.register', () => rm.providers.register(ns));
    for (let i = 0; (await state()) !== 'Registered'; i++) {
      if (i >= (options.maxPolls ?? 120)) throw new Error(`resource provider ${ns} is still not registered in subscription ${subscriptionId}`);
      await new Promise((r) => setTimeout(r, options.pollMs ?? 5000));
    }
    record({ step: `provider ${ns}`, status: 'created', detail: 'registered' });
  }
}

async function ensureResourceGroup(options: BootstrapOptions, subscriptionId: string, record: Record_): Promise<void> {
  const { plan, azure } = options;
  const rm = azure.resources(subscriptionId);
  if (await found(azure, 'ResourceGroups.get', () => rm.resourceGroups.get(plan.resourceGroup))) {
    record({ step: 'state resource group', status: 'present', detail: plan.resourceGroup });
    return;
  }
  await azure.write('ResourceGroups.createOrUpdate', () => rm.resourceGroups.createOrUpdate(plan.resourceGroup, { location: plan.location, tags: { ...plan.tags } }));
  record({ step: 'state resource group', status: 'created', detail: `${plan.resourceGroup} in ${plan.location}` });
}

async function ensureStorageAccount(options: BootstrapOptions, subscriptionId: string, record: Record_): Promise<void> {
  const { plan, azure } = options;
  const st = azure.storage(subscriptionId);
  const existing = await found(azure, 'StorageAccounts.getProperties', () => st.storageAccounts.getProperties(plan.resourceGroup, plan.storageAccount));
  if (existing) {
    const p = existing;
    const weak = [
      p?.enableHttpsTrafficOnly === false && 'HTTP allowed',
      p?.allowBlobPublicAccess === true && 'anonymous blob access allowed',
      p?.minimumTlsVersion && !['TLS1_2', 'TLS1_3'].includes(p.minimumTlsVersion) && `minimum TLS ${p.minimumTlsVersion}`,
      p?.allowSharedKeyAccess !== false && 'shared keys allowed',
    ].filter(Boolean);
    record({ step: 'state storage account', status: 'present', detail: `${plan.storageAccount}${weak.length ? ` (left as it is, but: ${weak.join(', ')})` : ''}` });
    return;
  }
  await azure.write('StorageAccounts.create', () =>
    st.storageAccounts
      .create(plan.resourceGroup, plan.storageAccount, {
        location: plan.location,
        kind: 'StorageV2',
        sku: { name: 'Standard_ZRS' },
        tags: { ...plan.tags },
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        // The pipeline runs outside any VNet and reaches state over the public endpoint, with
        // Entra ID auth only (the azurerm backend's use_azuread_auth, lib/azure/backend.ts).
        publicNetworkAccess: 'Enabled',
      })
      .pollUntilDone(),
  );
  record({ step: 'state storage account', status: 'created', detail: `${plan.storageAccount} (HTTPS only, TLS 1.2, Entra ID only, no anonymous access)` });
}

async function ensureBlobProtection(options: BootstrapOptions, subscriptionId: string, record: Record_): Promise<void> {
  const { plan, azure } = options;
  const st = azure.storage(subscriptionId);
  const current = await azure.read('BlobServices.getServiceProperties', () => st.blobServices.getServiceProperties(plan.resourceGroup, plan.storageAccount));
  const p = current;
  if (p?.isVersioningEnabled && p.deleteRetentionPolicy?.enabled && p.containerDeleteRetentionPolicy?.enabled) {
    record({ step: 'state versioning and soft delete', status: 'present', detail: 'on' });
    return;
  }
  await azure.write('BlobServices.setServiceProperties', () =>
    st.blobServices.setServiceProperties(plan.resourceGroup, plan.storageAccount, {
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 30 },
      containerDeleteRetentionPolicy: { enabled: true, days: 30 },
    }),
  );
  record({ step: 'state versioning and soft delete', status: 'updated', detail: 'blob versioning, 30-day blob and container soft delete' });
}

async function ensureContainer(options: BootstrapOptions, subscriptionId: string, record: Record_): Promise<void> {
  const { plan, azure } = options;
  const st = azure.storage(subscriptionId);
  if (await found(azure, 'BlobContainers.get', () => st.blobContainers.get(plan.resourceGroup, plan.storageAccount, plan.container))) {
    record({ step: 'state container', status: 'present', detail: plan.container });
    return;
  }
  await azure.write('BlobContainers.create', () => st.blobContainers.create(plan.resourceGroup, plan.storageAccount, plan.container, { publicAccess: 'None' }));
  record({ step: 'state container', status: 'created', detail: plan.container });
}
