/**
 * The Azure Policy realization in the tenant stack: one custom definition per policy file and one
 * initiative per control at the organization group, one assignment per control where the hierarchy
 * attaches it, and for assignments that remediate (deployIfNotExists / modify members) a managed
 * identity with exactly the roles the members declare plus a remediation task per member, so
 * subscriptions that existed before the assignment are brought into line too
 * (learn.microsoft.com/azure/governance/policy/how-to/remediate-resources).
 */
import { ManagementGroup } from '@cdktf/provider-azurerm/lib/management-group';
import { ManagementGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/management-group-policy-assignment';
import { ManagementGroupPolicyRemediation } from '@cdktf/provider-azurerm/lib/management-group-policy-remediation';
import { ManagementGroupPolicySetDefinition } from '@cdktf/provider-azurerm/lib/management-group-policy-set-definition';
import { PolicyDefinition } from '@cdktf/provider-azurerm/lib/policy-definition';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';
import { pascalId, policyDefaultFor, type AzurePolicyDefaultValues, type PolicyValueSource } from '../../model';
import { digest, policyDefinitionName, policySetDefinitionName } from '../names';
import type { PolicyPlan } from '../policy/plan';
import { managementGroupRoleDefinitionId } from '../roles';

export interface PolicyRealizationProps {
  readonly plan: PolicyPlan;
  readonly defaults: AzurePolicyDefaultValues;
  /** The value of each default's source (tokens where Azure ids are involved); absent = unknown. */
  readonly sourceValues: Readonly<Partial<Record<PolicyValueSource, unknown>>>;
  readonly root: ManagementGroup;
  readonly managementGroup: (nodeKey: string) => ManagementGroup;
  /** Where ARM keeps remediation deployments' records. */
  readonly location: string;
}

export class PolicyRealization extends Construct {
  constructor(scope: Construct, id: string, props: PolicyRealizationProps) {
    super(scope, id);
    const definitions = this.definitions(props);
    const sets = this.initiatives(props, definitions);
    const assignNs = new Construct(this, 'Assignments');
    for (const a of props.plan.assignments) {
      const ns = new Construct(assignNs, `${pascalId(a.nodeKey)}${pascalId(a.control)}`);
      const values = Object.fromEntries(a.parameters.map((name) => [name, this.value(props, name, a.control)]));
      const mg = props.managementGroup(a.nodeKey);
      const assignment = new ManagementGroupPolicyAssignment(ns, 'Resource', {
        name: a.name,
        displayName: sets.get(a.control)!.displayName,
        managementGroupId: mg.id,
        policyDefinitionId: sets.get(a.control)!.id,
        parameters: a.parameters.length ? JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }]))) : undefined,
        nonComplianceMessage: [{ content: `Blocked by vend control '${a.control}'. See policies/controls/${a.control}.control.yaml.` }],
        ...(a.remediates ? { location: props.location, identity: { type: 'SystemAssigned' } } : {}),
      });
      // The remediation identity gets exactly the roles its deployIfNotExists members declare.
      const grants = a.roleDefinitionIds.map((roleId) => {
        const guid = roleId.split('/').pop()!;
        return new RoleAssignment(ns, `Remediation${guid.slice(0, 8)}`, {
          scope: mg.id,
          roleDefinitionId: managementGroupRoleDefinitionId(guid),
          principalId: assignment.identity.principalId,
          principalType: 'ServicePrincipal',
          description: `vend: remediation identity of ${a.name}`,
        });
      });
      for (const reference of a.remediatedReferences) {
        new ManagementGroupPolicyRemediation(ns, `Remediate${pascalId(reference)}`, {
          name: `vend-${a.name}-${reference}`.slice(0, 200) + `-${digest(`${a.nodeKey}/${reference}`)}`,
          managementGroupId: mg.id,
          policyAssignmentId: assignment.id,
          policyDefinitionReferenceId: reference,
          dependsOn: grants,
        });
      }
    }
  }

  private value(props: PolicyRealizationProps, parameter: string, control: string): unknown {
    const source = policyDefaultFor(props.defaults, parameter)!.source;
    const value = props.sourceValues[source];
    if (value === undefined) throw new Error(`policy assignment of ${control} needs ${parameter} (${source}); add an Azure Central unit to the catalog`);
    return value;
  }

  private definitions(props: PolicyRealizationProps): Map<string, PolicyDefinition> {
    const ns = new Construct(this, 'Definitions');
    const out = new Map<string, PolicyDefinition>();
    for (const def of props.plan.definitions) {
      const p = def.properties;
      out.set(
        def.name,
        new PolicyDefinition(ns, pascalId(def.name), {
          name: policyDefinitionName(def.name),
          policyType: 'Custom',
          mode: p.mode,
          displayName: p.displayName,
          description: p.description,
          managementGroupId: props.root.id,
          metadata: JSON.stringify(p.metadata ?? {}),
          parameters: JSON.stringify(p.parameters ?? {}),
          policyRule: JSON.stringify(p.policyRule),
        }),
      );
    }
    return out;
  }

  private initiatives(props: PolicyRealizationProps, definitions: Map<string, PolicyDefinition>): Map<string, ManagementGroupPolicySetDefinition> {
    const ns = new Construct(this, 'Initiatives');
    const out = new Map<string, ManagementGroupPolicySetDefinition>();
    for (const initiative of props.plan.initiatives) {
      const declarations = initiative.parameters.map((name) => {
        const { name: _n, ...declaration } = policyDefaultFor(props.defaults, name)!.parameter;
        return [name, declaration] as const;
      });
      out.set(
        initiative.control,
        new ManagementGroupPolicySetDefinition(ns, pascalId(initiative.control), {
          name: policySetDefinitionName(initiative.control),
          policyType: 'Custom',
          displayName: initiative.displayName,
          description: initiative.description,
          managementGroupId: props.root.id,
          metadata: JSON.stringify({ category: 'vend', control: initiative.control }),
          parameters: declarations.length ? JSON.stringify(Object.fromEntries(declarations)) : undefined,
          policyDefinitionReference: initiative.references.map((ref) => ({
            policyDefinitionId: definitions.get(ref.definition)!.id,
            referenceId: ref.referenceId,
            parameterValues: JSON.stringify(ref.parameterValues),
          })),
        }),
      );
    }
    return out;
  }
}
