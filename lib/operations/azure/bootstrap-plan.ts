/**
 * What `vend bootstrap azure` will create, worked out from the catalog alone (no credentials, no
 * calls), so a dry run and every refusal happen before anything reaches for a token.
 *
 * Before the first apply there is nowhere for the pipeline to run and nowhere to keep state: the
 * tenant stack runs in the ControlPlane subscription and keeps its state in a storage account
 * there, yet it is the tenant stack that vends subscriptions. Bootstrap breaks the loop by
 * creating the ControlPlane subscription through the very alias the tenant stack declares (which
 * then imports it, lib/azure/tenant/subscriptions.ts) and the state storage beside it.
 */
import { azureControlPlaneUnit, STATE_CONTAINER, STATE_RESOURCE_GROUP, stateStorageAccountName, type VendModel } from '../../model';

export interface AzureBootstrapPlan {
  readonly unit: string;
  readonly alias: string;
  readonly billingScope: string;
  readonly workload: 'Production' | 'DevTest';
  readonly location: string;
  readonly resourceGroup: string;
  readonly storageAccount: string;
  readonly container: string;
  /** Resource providers the state storage and the tenant stack need in the ControlPlane subscription. */
  readonly resourceProviders: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/** The catalog cannot be bootstrapped as it stands; says what to change. */
export class BootstrapRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootstrapRefusal';
  }
}

export interface BootstrapOverrides {
  /** @default stateStorageAccountName(organization) */
  readonly storageAccount?: string;
}

/**
 * Microsoft.Storage for the state account; Microsoft.Management, Microsoft.PolicyInsights and
 * Microsoft.Authorization-adjacent work of the tenant stack (management groups, policy
 * remediation) run from this subscription too (its provider registers nothing itself,
 * lib/azure/provider.ts).
 */
const RESOURCE_PROVIDERS = ['Microsoft.Storage', 'Microsoft.Management', 'Microsoft.PolicyInsights'];

export function azureBootstrapPlan(model: VendModel, overrides: BootstrapOverrides = {}): AzureBootstrapPlan {
  const org = model.catalog.organization.spec;
  if (!org.azure) throw new BootstrapRefusal(`${model.catalog.organization.source.file}: organization.yaml has no azure block; nothing to bootstrap`);
  const unit = azureControlPlaneUnit(model);
  if (!unit) throw new BootstrapRefusal('the catalog has no active Azure ControlPlane unit; add one (kind: ControlPlane, cloud: azure): its subscription hosts the pipeline and the state');
  const storageAccount = overrides.storageAccount ?? stateStorageAccountName(org);
  if (!/^[a-z0-9]{3,24}$/.test(storageAccount)) throw new BootstrapRefusal(`--state-account '${storageAccount}' is not a storage account name (3–24 lower-case letters and digits)`);
  const environments = org.environments;
  return {
    unit: unit.name,
    alias: unit.identity,
    billingScope: org.azure.billingScope,
    workload: unit.environment === environments[environments.length - 1] ? 'Production' : 'DevTest',
    location: unit.region,
    resourceGroup: STATE_RESOURCE_GROUP,
    storageAccount,
    container: STATE_CONTAINER,
    resourceProviders: RESOURCE_PROVIDERS,
    tags: unit.tags,
  };
}

/** The environment the pipeline and `vend synth` need afterwards. */
export function bootstrapEnvironment(plan: AzureBootstrapPlan, subscriptionId: string): Record<string, string> {
  return {
    ARM_SUBSCRIPTION_ID: subscriptionId,
    VEND_AZURE_STATE_STORAGE_ACCOUNT: plan.storageAccount,
    VEND_AZURE_STATE_CONTAINER: plan.container,
    VEND_AZURE_STATE_RESOURCE_GROUP: plan.resourceGroup,
    VEND_AZURE_STATE_SUBSCRIPTION_ID: subscriptionId,
  };
}
