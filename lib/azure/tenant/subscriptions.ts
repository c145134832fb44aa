/**
 * Every Azure unit's subscription, vended inside the hierarchy and never outside it:
 *  - `Resource`: the subscription alias (Microsoft.Subscription/aliases@2021-10-01), created with
 *    `additionalProperties.managementGroupId`, so a new subscription is born in its management
 *    group and never sits in the tenant's default group (learn.microsoft.com/azure/templates/
 *    microsoft.subscription/2021-10-01/aliases: "additionalProperties.managementGroupId"). The
 *    alias is only ever created: later changes to its body are ignored (placement and tags have
 *    their own blocks) and it cannot be destroyed by Terraform.
 *  - `Placement`: one PUT of Microsoft.Management/managementGroups/subscriptions under the unit's
 *    group ("Associates existing subscription with the management group", Management Groups REST
 *    API, Subscriptions - Create). A placement change (decommissioning) is a new PUT under the new
 *    group, which moves the subscription in one step; nothing ever detaches it to the tenant root.
 *  - `Tags`: the subscription's tags (Microsoft.Resources/tags `default`), for active units only:
 *    a decommissioned subscription sits under deny-all, and nothing should write to it.
 * The ControlPlane subscription that `vend bootstrap azure` created through the same alias is
 * imported instead of created. An adopted unit's subscription existed before vend: its alias names
 * it (`properties.subscriptionId`, "create alias for existing subscription": the aliases template
 * reference above and New-AzSubscriptionAlias -SubscriptionId), so nothing is billed or created.
 */
import { Construct } from 'constructs';
import type { EffectiveUnit, VendModel } from '../../model';
import { azureControlPlaneUnit, pascalId } from '../../model';
import { AzapiResource, AzapiResourceAction } from '../azapi';

const ALIAS_API = 'Microsoft.Subscription/aliases@2021-10-01';
const PLACEMENT_API = 'Microsoft.Management/managementGroups/subscriptions@2021-04-01';
const TAGS_API = 'Microsoft.Resources/tags@2021-04-01';

export interface SubscriptionVendingProps {
  readonly model: VendModel;
  /** Management-group resource id per hierarchy node key. */
  readonly managementGroupId: (nodeKey: string) => string;
}

export class SubscriptionVending extends Construct {
  /** Subscription id (a token) per unit name. */
  readonly subscriptionIds = new Map<string, string>();

  constructor(scope: Construct, id: string, props: SubscriptionVendingProps) {
    super(scope, id);
    const { model } = props;
    const org = model.catalog.organization.spec;
    const azure = org.azure;
    if (!azure) throw new Error('organization.yaml has no azure block');
    const bootstrapped = azureControlPlaneUnit(model)?.name;
    for (const unit of model.units.filter((u) => u.cloud === 'azure')) {
      const ns = new Construct(this, pascalId(unit.name));
      const alias = new AzapiResource(ns, 'Resource', {
        type: ALIAS_API,
        name: unit.identity,
        parentId: '/',
        body: { properties: aliasProperties(unit, azure.billingScope, org.environments, props.managementGroupId(unit.placement)) },
        responseExportValues: ['properties.subscriptionId'],
        // Never destroyed by Terraform (cancelling is decommissioning's job), never re-PUT.
        lifecycle: { preventDestroy: true, ignoreChanges: ['body'] },
      });
      if (unit.name === bootstrapped) alias.importFrom(`/providers/Microsoft.Subscription/aliases/${unit.identity}?api-version=2021-10-01`);
      const subscriptionId = alias.exported('properties.subscriptionId');
      this.subscriptionIds.set(unit.name, subscriptionId);
      new AzapiResourceAction(ns, 'Placement', {
        type: PLACEMENT_API,
        resourceId: `${props.managementGroupId(unit.placement)}/subscriptions/${subscriptionId}`,
        method: 'PUT',
      });
      if (unit.lifecycle === 'active') {
        new AzapiResourceAction(ns, 'Tags', {
          type: TAGS_API,
          resourceId: `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/tags/default`,
          method: 'PUT',
          body: { properties: { tags: unit.tags } },
        });
      }
    }
  }
}

/** A new subscription, billed to the organization's scope, or an alias of an adopted one. */
function aliasProperties(unit: EffectiveUnit, billingScope: string, environments: readonly string[], managementGroupId: string): Record<string, unknown> {
  const additionalProperties = { managementGroupId, tags: unit.tags };
  if (unit.adopted) return { subscriptionId: unit.adopted.id, additionalProperties };
  return { displayName: unit.identity, billingScope, workload: workload(unit, environments), additionalProperties };
}

/** Production for the organization's last (most production-like) environment, else DevTest. */
function workload(unit: EffectiveUnit, environments: readonly string[]): 'Production' | 'DevTest' {
  return unit.environment === environments[environments.length - 1] ? 'Production' : 'DevTest';
}
