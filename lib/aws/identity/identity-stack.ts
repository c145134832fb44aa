import { Stack, type StackProps } from 'aws-cdk-lib';
import * as sso from 'aws-cdk-lib/aws-sso';
import type { Construct, IConstruct } from 'constructs';
import { ACCESS_ROLES, pascalId, type AccessRole } from '../../model';
import { identityCenterInstanceArn } from '../platform-lookups';
import { StackOutputs } from '../stack-outputs';

export interface IdentityStackProps extends StackProps {
  /**
   * The IAM Identity Center instance.
   * @default - read from the `/vend/identity-center/instance-arn` SSM parameter at deploy time
   */
  readonly instanceArn?: string;
}

/** What each catalog access role may do in a unit's account: AWS managed policies by name (their ARNs take the stack's partition). */
export const PERMISSION_SET_POLICIES: Readonly<Record<AccessRole, { managedPolicies: string[]; sessionDuration: string; description: string }>> = {
  owner: {
    managedPolicies: ['AdministratorAccess'],
    sessionDuration: 'PT1H',
    description: 'vend owner: full control of the unit, guardrails still apply',
  },
  admin: {
    managedPolicies: ['PowerUserAccess', 'IAMReadOnlyAccess'],
    sessionDuration: 'PT1H',
    description: 'vend admin: manage all workloads, read IAM',
  },
  contributor: {
    managedPolicies: ['PowerUserAccess'],
    sessionDuration: 'PT4H',
    description: 'vend contributor: build and run workloads',
  },
  viewer: {
    managedPolicies: ['ReadOnlyAccess'],
    sessionDuration: 'PT8H',
    description: 'vend viewer: read only',
  },
};

/**
 * The four IAM Identity Center permission sets that catalog access roles map to. Assignments live
 * with each unit's account (accounts stacks), so adding a unit never touches this stack.
 */
export class IdentityStack extends Stack {
  readonly instanceArn: string;
  private readonly fromCatalog?: string;
  private readonly published = new StackOutputs(this);
  private readonly permissionSets = new Map<AccessRole, sso.CfnPermissionSet>();

  constructor(scope: Construct, id: string, props: IdentityStackProps = {}) {
    super(scope, id, props);
    this.fromCatalog = props.instanceArn;
    this.instanceArn = identityCenterInstanceArn(this, props.instanceArn);
    for (const role of ACCESS_ROLES) {
      const spec = PERMISSION_SET_POLICIES[role];
      this.permissionSets.set(
        role,
        new sso.CfnPermissionSet(this, pascalId(role), {
          instanceArn: this.instanceArn,
          name: `vend-${role}`,
          description: spec.description,
          managedPolicies: spec.managedPolicies.map((name) => `arn:${this.partition}:iam::aws:policy/${name}`),
          sessionDuration: spec.sessionDuration,
          tags: [{ key: 'vend:role', value: role }],
        }),
      );
    }
  }

  /**
   * The Identity Center instance as `scope`'s stack reads it: the catalog's ARN, else the stack's
   * own lookup of the SSM parameter (one parameter per stack instead of an output per read).
   */
  instanceArnIn(scope: Construct): string {
    return identityCenterInstanceArn(scope, this.fromCatalog);
  }

  /** A permission set's ARN as `scope`'s stack reads it (published as output `PermissionSetArn<Role>`). */
  permissionSetArnIn(scope: IConstruct, role: AccessRole): string {
    const set = this.permissionSets.get(role);
    if (!set) throw new Error(`no permission set for role '${role}'`);
    return this.published.read(scope, `PermissionSetArn${pascalId(role)}`, set.attrPermissionSetArn);
  }
}
