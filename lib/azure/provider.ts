/**
 * The azurerm provider blocks of the tenant stack and of every unit stack, in one place, with the
 * provider behaviour each setting relies on (terraform-provider-azurerm at tag v4.55.0, the version
 * @cdktf/provider-azurerm 14.x binds: its package.json `cdktf.provider.version`).
 */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import type { Construct } from 'constructs';
import { Fn, Token } from './cdktf';

/**
 * Stands in for a subscription id the tenant stack has not created yet, so `plan` works for a
 * brand-new unit: nothing in a unit stack reads the subscription before apply, and the apply runner
 * applies the tenant stack (which publishes the real id) before any unit stack.
 */
export const PLANNED_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';

export interface UnitProviderProps {
  readonly tenantId: string;
  /** The unit's subscription id as a Terraform expression over the tenant stack's outputs. */
  readonly subscriptionIdLookup: string;
  /** Resource providers the unit's resources need, registered when the subscription exists. */
  readonly resourceProviders: readonly string[];
}

/**
 * A unit stack's provider: bound to the unit's subscription, with
 *  - `features.storage.data_plane_available = false`: with it on (the default,
 *    internal/provider/features.go:313-317), creating a storage account polls the account's blob,
 *    queue, file and web endpoints from the machine running Terraform
 *    (internal/services/storage/storage_account_resource.go:1547-1559, and again on read at :2327).
 *    The flow-log account has public network access off, so that poll is refused (403) from every
 *    runner and create fails on each run. Off, the provider skips the data plane ("Setting this to
 *    false will bypass availability checks", website/docs/guides/features-block.html.markdown:287);
 *    vend sets neither `queue_properties` nor `static_website`, which that mode refuses
 *    (storage_account_resource.go:1142-1158).
 *  - `features.template_deployment.delete_nested_items_during_deletion = false`: destroying an
 *    `azurerm_resource_group_template_deployment` otherwise deletes what the template created
 *    (resource_group_template_deployment_resource.go:389), including the data key, which ARM cannot
 *    delete as a nested item; resources outlive the deployment record, as decommissioning expects.
 *  - `resource_provider_registrations = "none"` plus `resource_providers_to_register`: the 4.x
 *    default ("legacy") registers about 66 providers on every new subscription at configure time
 *    (internal/provider/provider.go:339-343, :504-560); vend registers only what the unit's
 *    resources need. The list is empty while the subscription does not exist yet, so a plan of a
 *    new unit configures the provider without calling the subscription (EnsureRegistered returns at
 *    once for an empty list when enhanced validation is off: internal/resourceproviders/registration.go:25-29;
 *    the apply runner sets ARM_PROVIDER_ENHANCED_VALIDATION=false, internal/features/enhanced_validation.go).
 */
export function unitProvider(scope: Construct, props: UnitProviderProps): AzurermProvider {
  return new AzurermProvider(scope, 'azurerm', {
    subscriptionId: Fn.try([props.subscriptionIdLookup, PLANNED_SUBSCRIPTION_ID]),
    tenantId: props.tenantId,
    useOidc: true,
    storageUseAzuread: true,
    resourceProviderRegistrations: 'none',
    resourceProvidersToRegister: Token.asList(Fn.conditional(Fn.can(props.subscriptionIdLookup), [...props.resourceProviders], [])),
    features: [
      {
        keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
        storage: [{ dataPlaneAvailable: false }],
        templateDeployment: [{ deleteNestedItemsDuringDeletion: false }],
      },
    ],
  });
}

/**
 * The tenant stack's provider. It runs in the pipeline's ARM_SUBSCRIPTION_ID (the ControlPlane
 * subscription, which `vend bootstrap azure` creates); everything it manages is tenant- or
 * management-group-scoped.
 *  - `features.subscription.prevent_cancellation_on_destroy = true`: removing an alias never cancels
 *    a subscription (cancelling is the decommission operation's job).
 *  - `features.template_deployment.delete_nested_items_during_deletion = false`, and subscriptions
 *    are vended through management-group template deployments, whose delete never deletes what
 *    they created (management_group_template_deployment_resource.go:356-357): destroying one
 *    leaves the subscription and its placement as they are.
 *  - `resource_provider_registrations = "none"`: the ControlPlane subscription's providers are
 *    registered by bootstrap and its own unit stack.
 */
export function tenantProvider(scope: Construct, tenantId: string): AzurermProvider {
  return new AzurermProvider(scope, 'azurerm', {
    tenantId,
    useOidc: true,
    storageUseAzuread: true,
    resourceProviderRegistrations: 'none',
    features: [{ subscription: [{ preventCancellationOnDestroy: true }], templateDeployment: [{ deleteNestedItemsDuringDeletion: false }] }],
  });
}
