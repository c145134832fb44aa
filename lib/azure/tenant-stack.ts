/**
 * The tenant-level stack: management groups, every subscription (born in its management group and
 * moved between groups in one step, tenant/subscriptions.ts), Azure Policy, platform roles and the
 * directory lookups. Its outputs are what every subscription stack reads, so no id is ever copied
 * by hand.
 */
import { ManagementGroup } from '@cdktf/provider-azurerm/lib/management-group';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { Construct } from 'constructs';
import type { EffectiveUnit, VendModel } from '../model';
import { azurePolicyDefaultsOf, pascalId, type PolicyValueSource } from '../model';
import { awsLogDeliveryAudience } from '../model/cross-cloud-trust';
import { AzapiProvider } from './azapi';
import { useBackend, type StateBackend } from './backend';
import { TerraformOutput } from './cdktf';
import { SinglePassStack } from './single-pass-stack';
import { EntraAudienceApplication, EntraGroup, EntraProvider } from './entra';
import { grant, RoleManagementPolicies } from './grant';
import { digest, EVENT_HUB, eventHubAuthorizationRuleId, logAnalyticsWorkspaceId, privateLinkServiceId, stableGuid, TENANT_OUTPUTS } from './names';
import { defenderPlanFloor, type PolicyPlan } from './policy/plan';
import { tenantProvider } from './provider';
import { CUSTOM_ROLES, managementGroupRoleDefinitionId, PLATFORM_ROLE_ASSIGNMENTS, roleGuid, roleName, type CustomRole, type PlatformRoleAssignment } from './roles';
import { PolicyRealization } from './tenant/policies';
import { SubscriptionVending } from './tenant/subscriptions';

export interface TenantStackProps {
  readonly model: VendModel;
  readonly policies: PolicyPlan;
  readonly backend: StateBackend;
  /** Role grants at management-group scope. @default PLATFORM_ROLE_ASSIGNMENTS */
  readonly platformRoles?: readonly PlatformRoleAssignment[];
}

export class TenantStack extends SinglePassStack {
  /** Management groups by hierarchy node key. */
  readonly managementGroups = new Map<string, ManagementGroup>();
  /** Subscription id (a token) per Azure unit name. */
  readonly subscriptionIds: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    super(scope, id);
    const { model } = props;
    const org = model.catalog.organization.spec;
    const azure = org.azure;
    if (!azure) throw new Error('organization.yaml has no azure block (tenantId, billingScope, locations)');
    const units = model.units.filter((u) => u.cloud === 'azure');
    const platformRoles = props.platformRoles ?? PLATFORM_ROLE_ASSIGNMENTS;
    useBackend(this, id, props.backend);
    tenantProvider(this, azure.tenantId);
    new AzapiProvider(this, 'azapi', azure.tenantId);
    new EntraProvider(this, 'azuread', { tenantId: azure.tenantId });

    // 1. Management groups: the derived hierarchy under the tenant root group.
    const groupsNs = new Construct(this, 'ManagementGroups');
    for (const node of model.hierarchy.nodes) {
      const parent = node.parentKey ? this.managementGroups.get(node.parentKey) : undefined;
      this.managementGroups.set(
        node.key,
        new ManagementGroup(groupsNs, pascalId(node.key), { name: node.azure.id, displayName: node.azure.displayName, parentManagementGroupId: parent?.id }),
      );
    }
    const root = this.managementGroup(model.hierarchy.nodes[0].key);

    // 2. Subscriptions, born in their management group.
    const vending = new SubscriptionVending(this, 'Subscriptions', { model, managementGroupId: (key) => this.managementGroup(key).id });
    this.subscriptionIds = vending.subscriptionIds;

    // 3. Directory groups named by access entries and platform roles.
    const groupNames = new Set<string>([...units.flatMap((u) => u.access.map((a) => a.group)), ...platformRoles.map((p) => p.group)]);
    const groupsDs = new Construct(this, 'Groups');
    const groupIds = new Map<string, string>();
    for (const name of [...groupNames].sort()) {
      groupIds.set(name, new EntraGroup(groupsDs, `${pascalId(name)}${digest(name, 4)}`, { displayName: name }).objectId);
    }

    // 4. vend's custom roles, assignable anywhere below the organization. Construct ids stay as they
    // were when workload-contributor was the only one (a new id would replace the definition).
    const customRoles = new Map<CustomRole, RoleDefinition>();
    for (const [name, spec] of Object.entries(CUSTOM_ROLES) as Array<[CustomRole, (typeof CUSTOM_ROLES)[CustomRole]]>) {
      customRoles.set(
        name,
        new RoleDefinition(this, `${pascalId(name)}Role`, {
          name: `vend ${name} (${org.name})`,
          roleDefinitionId: stableGuid(`${org.name}/${name}`),
          scope: root.id,
          description: spec.description,
          permissions: [{ actions: [...spec.actions], notActions: [...spec.notActions] }],
          assignableScopes: [root.id],
        }),
      );
    }

    // 5. Platform roles at management-group scope, privileged ones under vend's PIM policy.
    this.platformRoles(model, platformRoles, groupIds, customRoles);

    // 6. Azure Policy.
    const central = units.find((u) => u.kind === 'Central' && u.lifecycle === 'active');
    const workspaceId = central ? logAnalyticsWorkspaceId(this.subscriptionIds.get(central.name)!, central) : undefined;
    new PolicyRealization(this, 'Policy', {
      plan: props.policies,
      defaults: azurePolicyDefaultsOf(model.catalog),
      sourceValues: this.policySourceValues(model, units, workspaceId),
      root,
      managementGroup: (key) => this.managementGroup(key),
      location: azure.locations[0],
    });

    // 7. The audience application Azure Spaces request AWS-bound tokens for.
    if (units.some((u) => u.kind === 'Space')) {
      new EntraAudienceApplication(this, 'AwsLogDeliveryAudience', { displayName: `vend ${org.name} AWS log delivery`, identifierUri: awsLogDeliveryAudience(org) });
    }

    this.outputs(units, groupIds, central, workspaceId, org.name);
  }

  managementGroup(key: string): ManagementGroup {
    const mg = this.managementGroups.get(key);
    if (!mg) throw new Error(`no management group for hierarchy node '${key}'`);
    return mg;
  }

  private platformRoles(model: VendModel, platformRoles: readonly PlatformRoleAssignment[], groupIds: ReadonlyMap<string, string>, customRoles: ReadonlyMap<CustomRole, RoleDefinition>): void {
    const platformNs = new Construct(this, 'PlatformRoles');
    const policies = new RoleManagementPolicies(platformNs, 'Pim');
    for (const node of model.hierarchy.nodes) {
      for (const entry of platformRoles) {
        if (entry.at.role !== node.role || (entry.at.function && entry.at.function !== node.function)) continue;
        const mg = this.managementGroup(node.key);
        const ref = entry.grant.role;
        const role = pascalId(roleName(ref));
        // a custom role by its GUID (the id form ARM reports back), after its definition exists
        const definition = 'custom' in ref ? customRoles.get(ref.custom)! : undefined;
        const guid = roleGuid(ref, model.catalog.organization.spec.name);
        const waitFor = definition ? { dependsOn: [definition] } : {};
        const policy = entry.grant.privileged
          ? policies.at(pascalId(node.key), role, { scope: mg.id, scopedRoleDefinitionId: `${mg.id}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, ...waitFor })
          : undefined;
        grant(platformNs, `${pascalId(node.key)}${pascalId(entry.group)}${role}`, {
          scope: mg.id,
          roleDefinitionId: managementGroupRoleDefinitionId(guid),
          principalId: groupIds.get(entry.group)!,
          privileged: entry.grant.privileged,
          why: `vend platform role for ${entry.group}`,
          policy,
          ...waitFor,
        });
      }
    }
  }

  /** The values policy-default-values.json sources name, for this catalog. */
  private policySourceValues(model: VendModel, units: readonly EffectiveUnit[], workspaceId: string | undefined): Partial<Record<PolicyValueSource, unknown>> {
    const pops = units.filter((u) => u.kind === 'PoP' && u.lifecycle === 'active' && u.baseline.network.exposesEndpointService);
    return {
      'organization.locations': model.catalog.organization.spec.azure!.locations,
      'central.logAnalyticsWorkspaceId': workspaceId,
      'pops.privateLinkServiceIds': pops.map((pop) => privateLinkServiceId(this.subscriptionIds.get(pop.name)!, pop)),
      'templates.defenderPlanFloor': defenderPlanFloor(model),
    };
  }

  private outputs(units: readonly EffectiveUnit[], groupIds: ReadonlyMap<string, string>, central: EffectiveUnit | undefined, workspaceId: string | undefined, org: string): void {
    new TerraformOutput(this, TENANT_OUTPUTS.subscriptionIds, { value: Object.fromEntries(this.subscriptionIds) });
    new TerraformOutput(this, TENANT_OUTPUTS.groupObjectIds, { value: Object.fromEntries(groupIds) });
    if (central && workspaceId) {
      const centralSub = this.subscriptionIds.get(central.name)!;
      new TerraformOutput(this, TENANT_OUTPUTS.logAnalyticsWorkspaceId, { value: workspaceId });
      new TerraformOutput(this, TENANT_OUTPUTS.eventHubAuthorizationRuleId, { value: eventHubAuthorizationRuleId(centralSub, central, org) });
      new TerraformOutput(this, TENANT_OUTPUTS.eventHubName, { value: EVENT_HUB });
    }
    new TerraformOutput(this, TENANT_OUTPUTS.privateLinkServiceIds, {
      value: Object.fromEntries(units.filter((u) => u.kind === 'PoP').map((pop) => [pop.name, privateLinkServiceId(this.subscriptionIds.get(pop.name)!, pop)])),
    });
  }
}
