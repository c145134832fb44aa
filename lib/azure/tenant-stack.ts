/**
 * The tenant-level stack: management groups, every subscription (created through its alias and
 * placed in its management group), Azure Policy, platform roles and the directory lookups. Its
 * outputs are what every subscription stack reads, so no id is ever copied by hand.
 */
import { ManagementGroup } from '@cdktf/provider-azurerm/lib/management-group';
import { ManagementGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/management-group-policy-assignment';
import { ManagementGroupPolicySetDefinition } from '@cdktf/provider-azurerm/lib/management-group-policy-set-definition';
import { ManagementGroupSubscriptionAssociation } from '@cdktf/provider-azurerm/lib/management-group-subscription-association';
import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { PolicyDefinition } from '@cdktf/provider-azurerm/lib/policy-definition';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { Subscription } from '@cdktf/provider-azurerm/lib/subscription';
import { Construct } from 'constructs';
import type { EffectiveUnit, VendModel } from '../model';
import { pascalId } from '../model';
import { useBackend, type StateBackend } from './backend';
import { TerraformOutput, TerraformStack } from './cdktf';
import { awsLogDeliveryAudience } from '../model/cross-cloud-trust';
import { EntraAudienceApplication, EntraGroup, EntraProvider } from './entra';
import {
  digest,
  EVENT_HUB,
  eventHubAuthorizationRuleId,
  logAnalyticsWorkspaceId,
  policyDefinitionName,
  policySetDefinitionName,
  privateLinkServiceId,
  stableGuid,
  TENANT_OUTPUTS,
} from './names';
import type { PolicyPlan } from './policy/plan';
import { builtInRoleId, PLATFORM_ROLE_ASSIGNMENTS, WORKLOAD_CONTRIBUTOR, WORKLOAD_CONTRIBUTOR_NOT_ACTIONS, type PlatformRoleAssignment } from './roles';

export interface TenantStackProps {
  readonly model: VendModel;
  readonly policies: PolicyPlan;
  readonly backend: StateBackend;
  /** Role grants at management-group scope. @default PLATFORM_ROLE_ASSIGNMENTS */
  readonly platformRoles?: readonly PlatformRoleAssignment[];
}

export class TenantStack extends TerraformStack {
  /** Management groups by hierarchy node key. */
  readonly managementGroups = new Map<string, ManagementGroup>();
  readonly subscriptions = new Map<string, Subscription>();

  constructor(scope: Construct, id: string, props: TenantStackProps) {
    super(scope, id);
    const { model } = props;
    const org = model.catalog.organization.spec;
    const azure = org.azure;
    if (!azure) throw new Error('organization.yaml has no azure block (tenantId, billingScope, locations)');
    const units = model.units.filter((u) => u.cloud === 'azure');
    const platformRoles = props.platformRoles ?? PLATFORM_ROLE_ASSIGNMENTS;
    useBackend(this, id, props.backend);
    // The pipeline's ARM_SUBSCRIPTION_ID (the ControlPlane subscription it runs in) hosts this
    // provider; everything here is tenant- or management-group-scoped.
    new AzurermProvider(this, 'azurerm', {
      tenantId: azure.tenantId,
      useOidc: true,
      storageUseAzuread: true,
      features: [{ subscription: [{ preventCancellationOnDestroy: true }] }],
    });
    new EntraProvider(this, 'azuread', { tenantId: azure.tenantId });

    // 1. Management groups: the derived hierarchy under the tenant root group.
    const groupsNs = new Construct(this, 'ManagementGroups');
    for (const node of model.hierarchy.nodes) {
      const parent = node.parentKey ? this.managementGroups.get(node.parentKey) : undefined;
      this.managementGroups.set(
        node.key,
        new ManagementGroup(groupsNs, pascalId(node.key), {
          name: node.azure.id,
          displayName: node.azure.displayName,
          parentManagementGroupId: parent?.id,
        }),
      );
    }
    const root = this.managementGroup(model.hierarchy.nodes[0].key);

    // 2. Subscriptions through their alias, each associated with its management group.
    const subsNs = new Construct(this, 'Subscriptions');
    for (const unit of units) {
      const ns = new Construct(subsNs, pascalId(unit.name));
      const subscription = new Subscription(ns, 'Resource', {
        alias: unit.identity,
        subscriptionName: unit.identity,
        billingScopeId: azure.billingScope,
        workload: unit.environment === org.environments[org.environments.length - 1] ? 'Production' : 'DevTest',
        tags: unit.tags,
        // Destroying this stack must never cancel a subscription: decommissioning does that.
        lifecycle: { preventDestroy: true },
      });
      this.subscriptions.set(unit.name, subscription);
      new ManagementGroupSubscriptionAssociation(ns, 'Placement', {
        managementGroupId: this.managementGroup(unit.placement).id,
        subscriptionId: `/subscriptions/${subscription.subscriptionId}`,
      });
    }

    // 3. Directory groups named by access entries and platform roles.
    const groupNames = new Set<string>([...units.flatMap((u) => u.access.map((a) => a.group)), ...platformRoles.map((p) => p.group)]);
    const groupsDs = new Construct(this, 'Groups');
    const groupIds = new Map<string, string>();
    for (const name of [...groupNames].sort()) {
      groupIds.set(name, new EntraGroup(groupsDs, `${pascalId(name)}${digest(name, 4)}`, { displayName: name }).objectId);
    }

    // 4. Custom role for workload contributors, assignable anywhere below the organization.
    const contributor = new RoleDefinition(this, 'WorkloadContributorRole', {
      name: `vend ${WORKLOAD_CONTRIBUTOR} (${org.name})`,
      roleDefinitionId: stableGuid(`${org.name}/${WORKLOAD_CONTRIBUTOR}`),
      scope: root.id,
      description: 'Changes workload resources; cannot change access, guardrails, network isolation or the security baseline.',
      permissions: [{ actions: ['*'], notActions: WORKLOAD_CONTRIBUTOR_NOT_ACTIONS }],
      assignableScopes: [root.id],
    });

    // 5. Platform roles at management-group scope.
    const platformNs = new Construct(this, 'PlatformRoles');
    for (const node of model.hierarchy.nodes) {
      for (const entry of platformRoles) {
        if (entry.at.role !== node.role || (entry.at.function && entry.at.function !== node.function)) continue;
        const scope = this.managementGroup(node.key).id;
        const id = `${pascalId(node.key)}${pascalId(entry.group)}${entry.grant.role.builtIn}`;
        grant(platformNs, id, {
          scope,
          roleDefinitionId: builtInRoleId(scope, entry.grant.role.builtIn),
          principalId: groupIds.get(entry.group)!,
          privileged: entry.grant.privileged,
          why: `vend platform role for ${entry.group}`,
        });
      }
    }

    // 6. Azure Policy: definitions and initiatives at the organization group, assignments where the
    //    hierarchy attaches each control.
    const central = centralUnit(units);
    const centralSub = central ? this.subscriptions.get(central.name)! : undefined;
    const workspaceId = centralSub && central ? logAnalyticsWorkspaceId(centralSub.subscriptionId, central) : undefined;
    this.policies(props.policies, root, { listOfAllowedLocations: azure.locations, logAnalyticsWorkspaceId: workspaceId }, azure.locations[0]);

    // 7. The audience application Azure Spaces request AWS-bound tokens for.
    if (units.some((u) => u.kind === 'Space')) {
      new EntraAudienceApplication(this, 'AwsLogDeliveryAudience', {
        displayName: `vend ${org.name} AWS log delivery`,
        identifierUri: awsLogDeliveryAudience(org.name),
      });
    }

    // Outputs every subscription stack reads.
    new TerraformOutput(this, TENANT_OUTPUTS.subscriptionIds, {
      value: Object.fromEntries([...this.subscriptions].map(([name, s]) => [name, s.subscriptionId])),
    });
    new TerraformOutput(this, TENANT_OUTPUTS.groupObjectIds, { value: Object.fromEntries(groupIds) });
    new TerraformOutput(this, TENANT_OUTPUTS.customRoleIds, { value: { [WORKLOAD_CONTRIBUTOR]: contributor.roleDefinitionResourceId } });
    if (central && centralSub) {
      new TerraformOutput(this, TENANT_OUTPUTS.logAnalyticsWorkspaceId, { value: workspaceId });
      new TerraformOutput(this, TENANT_OUTPUTS.eventHubAuthorizationRuleId, { value: eventHubAuthorizationRuleId(centralSub.subscriptionId, central, org.name) });
      new TerraformOutput(this, TENANT_OUTPUTS.eventHubName, { value: EVENT_HUB });
    }
    new TerraformOutput(this, TENANT_OUTPUTS.privateLinkServiceIds, {
      value: Object.fromEntries(
        units.filter((u) => u.kind === 'PoP').map((pop) => [pop.name, privateLinkServiceId(this.subscriptions.get(pop.name)!.subscriptionId, pop)]),
      ),
    });
  }

  managementGroup(key: string): ManagementGroup {
    const mg = this.managementGroups.get(key);
    if (!mg) throw new Error(`no management group for hierarchy node '${key}'`);
    return mg;
  }

  private policies(plan: PolicyPlan, root: ManagementGroup, values: Record<string, unknown>, location: string): void {
    const defsNs = new Construct(this, 'PolicyDefinitions');
    const definitions = new Map<string, PolicyDefinition>();
    for (const def of plan.definitions) {
      const p = def.properties;
      definitions.set(
        def.name,
        new PolicyDefinition(defsNs, pascalId(def.name), {
          name: policyDefinitionName(def.name),
          policyType: 'Custom',
          mode: p.mode,
          displayName: p.displayName,
          description: p.description,
          managementGroupId: root.id,
          metadata: JSON.stringify(p.metadata ?? {}),
          parameters: JSON.stringify(p.parameters ?? {}),
          policyRule: JSON.stringify(p.policyRule),
        }),
      );
    }
    const setsNs = new Construct(this, 'PolicyInitiatives');
    const sets = new Map<string, ManagementGroupPolicySetDefinition>();
    for (const initiative of plan.initiatives) {
      sets.set(
        initiative.control,
        new ManagementGroupPolicySetDefinition(setsNs, pascalId(initiative.control), {
          name: policySetDefinitionName(initiative.control),
          policyType: 'Custom',
          displayName: initiative.displayName,
          description: initiative.description,
          managementGroupId: root.id,
          metadata: JSON.stringify({ category: 'vend', control: initiative.control }),
          parameters: initiative.parameters.length
            ? JSON.stringify(Object.fromEntries(initiative.parameters.map((name) => [name, parameterDeclaration(name)])))
            : undefined,
          policyDefinitionReference: initiative.references.map((ref) => ({
            policyDefinitionId: definitions.get(ref.definition)!.id,
            referenceId: ref.referenceId,
            parameterValues: JSON.stringify(ref.parameterValues),
          })),
        }),
      );
    }
    const assignNs = new Construct(this, 'PolicyAssignments');
    for (const a of plan.assignments) {
      const ns = new Construct(assignNs, `${pascalId(a.nodeKey)}${pascalId(a.control)}`);
      const missing = a.parameters.filter((name) => values[name] === undefined);
      if (missing.length) throw new Error(`policy assignment of ${a.control} needs ${missing.join(', ')}; add an Azure Central unit to the catalog`);
      const assignment = new ManagementGroupPolicyAssignment(ns, 'Resource', {
        name: a.name,
        displayName: sets.get(a.control)!.displayName,
        managementGroupId: this.managementGroup(a.nodeKey).id,
        policyDefinitionId: sets.get(a.control)!.id,
        parameters: a.parameters.length ? JSON.stringify(Object.fromEntries(a.parameters.map((name) => [name, { value: values[name] }]))) : undefined,
        nonComplianceMessage: [{ content: `Blocked by vend control '${a.control}'. See policies/controls/${a.control}.control.yaml.` }],
        ...(a.remediates ? { location, identity: { type: 'SystemAssigned' } } : {}),
      });
      // The remediation identity gets exactly the roles its deployIfNotExists members declare.
      for (const roleId of a.roleDefinitionIds) {
        const guid = roleId.split('/').pop()!;
        new RoleAssignment(ns, `Remediation${guid.slice(0, 8)}`, {
          scope: this.managementGroup(a.nodeKey).id,
          roleDefinitionId: `${this.managementGroup(a.nodeKey).id}${roleId}`,
          principalId: assignment.identity.principalId,
          principalType: 'ServicePrincipal',
          description: `vend: remediation identity of ${a.name}`,
        });
      }
    }
  }
}

export interface GrantProps {
  readonly scope: string;
  /** Scoped role definition id. */
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly privileged: boolean;
  readonly why: string;
}

/** A role grant: PIM eligible when privileged, a permanent assignment otherwise. */
export function grant(scope: Construct, id: string, props: GrantProps): void {
  const { roleDefinitionId } = props;
  if (props.privileged) {
    new PimEligibleRoleAssignment(scope, id, {
      scope: props.scope,
      roleDefinitionId,
      principalId: props.principalId,
      justification: props.why,
    });
  } else {
    new RoleAssignment(scope, id, {
      scope: props.scope,
      roleDefinitionId,
      principalId: props.principalId,
      principalType: 'Group',
      description: props.why,
    });
  }
}

/** The Central unit whose workspace and Event Hub receive every Azure subscription's logs. */
export function centralUnit(units: readonly EffectiveUnit[]): EffectiveUnit | undefined {
  return units.find((u) => u.cloud === 'azure' && u.kind === 'Central' && u.lifecycle === 'active');
}

function parameterDeclaration(name: string) {
  switch (name) {
    case 'listOfAllowedLocations':
      return { type: 'Array', metadata: { displayName: 'Allowed locations', strongType: 'location' } };
    case 'logAnalyticsWorkspaceId':
      return { type: 'String', metadata: { displayName: 'Central Log Analytics workspace', strongType: 'omsWorkspace' } };
    default:
      throw new Error(`no declaration for initiative parameter '${name}'`);
  }
}
