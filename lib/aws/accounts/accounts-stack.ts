import { CfnResource, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import * as sso from 'aws-cdk-lib/aws-sso';
import { Construct } from 'constructs';
import { pascalId, type EffectiveUnit } from '../../model';
import type { IdentityStack } from '../identity/identity-stack';
import type { OrganizationStack } from '../organization/organization-stack';
import { groupId } from '../platform-lookups';

export interface AccountsStackProps extends StackProps {
  /** The units of one shard, sorted by name. */
  readonly units: readonly EffectiveUnit[];
  readonly organization: OrganizationStack;
  readonly identity: IdentityStack;
}

/**
 * One shard of accounts: each unit's `AWS::Organizations::Account` in the OU of its placement, tagged
 * with the unit's `vend:*` tags, plus the unit's Identity Center assignments. Accounts keep
 * CloudFormation's default Retain: removing a unit file never closes an account. Accounts are
 * created one after another (each depends on the one before it) to respect the CreateAccount
 * concurrency limit.
 */
export class AccountsStack extends Stack {
  private readonly accounts = new Map<string, organizations.CfnAccount>();

  constructor(scope: Construct, id: string, props: AccountsStackProps) {
    super(scope, id, props);
    let previous: CfnResource | undefined;
    for (const unit of props.units) {
      const scopeForUnit = new Construct(this, pascalId(unit.name));
      const account = new organizations.CfnAccount(scopeForUnit, 'Account', {
        accountName: unit.name,
        email: unit.identity,
        parentIds: [props.organization.ouId(unit.placement)],
        tags: Object.entries(unit.tags)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => ({ key, value })),
      });
      // Stated explicitly: deleting the stack or the unit never closes an account.
      account.applyRemovalPolicy(RemovalPolicy.RETAIN);
      if (previous) account.addResourceDependency(previous);
      previous = account;
      this.accounts.set(unit.name, account);

      // Quarantined units keep their account but lose every human assignment.
      if (unit.lifecycle !== 'active') continue;
      for (const entry of unit.access) {
        new sso.CfnAssignment(scopeForUnit, `Access${pascalId(entry.group)}${pascalId(entry.role)}`, {
          instanceArn: props.identity.instanceArn,
          permissionSetArn: props.identity.permissionSetArn(entry.role),
          principalType: 'GROUP',
          principalId: groupId(this, entry.group),
          targetType: 'AWS_ACCOUNT',
          targetId: account.attrAccountId,
        });
      }
    }
  }

  accountId(unitName: string): string {
    const account = this.accounts.get(unitName);
    if (!account) throw new Error(`unit '${unitName}' has no account in ${this.stackName}`);
    return account.attrAccountId;
  }

  /** The CfnAccount of a unit (for tests and dependency wiring). */
  accountResource(unitName: string): organizations.CfnAccount | undefined {
    return this.accounts.get(unitName);
  }
}
