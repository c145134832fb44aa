/**
 * A role grant at one scope: privileged roles as PIM eligible assignments under a role management
 * policy vend owns, the others as plain (permanent) role assignments.
 */
import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleManagementPolicy } from '@cdktf/provider-azurerm/lib/role-management-policy';
import { Construct } from 'constructs';
import type { ITerraformDependable } from './cdktf';

export interface GrantProps {
  readonly scope: string;
  /** Role definition id in the form ARM reports for this scope (roles.ts). */
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly privileged: boolean;
  readonly why: string;
  /** ABAC condition (version 2.0) on what the role may do. @default none */
  readonly condition?: string;
  /** The role's PIM policy at this scope; privileged grants wait for it. */
  readonly policy?: RoleManagementPolicy;
  /** What else the grant waits for (a custom role's definition, named by its GUID in the id). */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** A role grant: PIM eligible when privileged, a permanent assignment otherwise. */
export function grant(scope: Construct, id: string, props: GrantProps): void {
  const { roleDefinitionId } = props;
  const condition = props.condition ? { condition: props.condition, conditionVersion: '2.0' } : {};
  if (props.privileged) {
    new PimEligibleRoleAssignment(scope, id, {
      scope: props.scope,
      roleDefinitionId,
      principalId: props.principalId,
      justification: props.why,
      ...condition,
      dependsOn: [...(props.policy ? [props.policy] : []), ...(props.dependsOn ?? [])],
    });
  } else {
    new RoleAssignment(scope, id, {
      scope: props.scope,
      roleDefinitionId,
      principalId: props.principalId,
      principalType: 'Group',
      description: props.why,
      ...condition,
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }
}

/**
 * The PIM settings of one role at one scope: activation needs MFA and a justification and lasts at
 * most 8 hours; eligible assignments may be permanent (vend's eligibilities have no end date, and a
 * tenant default that requires one makes PIM refuse them with `ExpirationRule`); active assignments
 * made through PIM expire. Arguments per website/docs/r/role_management_policy.html.markdown
 * (azurerm v4.55.0): its `role_definition_id` is the scoped id of the role at `scope`.
 */
export interface RoleManagementPolicyProps {
  readonly scope: string;
  readonly scopedRoleDefinitionId: string;
  /** What the policy waits for (a custom role's definition, which the id names only by GUID). */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export function roleManagementPolicy(scope: Construct, id: string, props: RoleManagementPolicyProps): RoleManagementPolicy {
  return new RoleManagementPolicy(scope, id, {
    scope: props.scope,
    roleDefinitionId: props.scopedRoleDefinitionId,
    ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    activationRules: { maximumDuration: 'PT8H', requireJustification: true, requireMultifactorAuthentication: true },
    eligibleAssignmentRules: { expirationRequired: false },
    activeAssignmentRules: { expirationRequired: true, expireAfter: 'P15D' },
  });
}

/** Builds each (scope, role) PIM policy once and hands it to every grant of that role there. */
export class RoleManagementPolicies extends Construct {
  private readonly policies = new Map<string, RoleManagementPolicy>();

  /** The policy of `guid` at `scope`, created on first use under construct id `${idPrefix}${name}`. */
  at(scopeKey: string, name: string, props: RoleManagementPolicyProps): RoleManagementPolicy {
    const key = `${scopeKey}/${name}`;
    let policy = this.policies.get(key);
    if (!policy) {
      policy = roleManagementPolicy(this, `${scopeKey}${name}`, props);
      this.policies.set(key, policy);
    }
    return policy;
  }
}
