import { CfnResource, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { pascalId, type EffectiveUnit } from '../../model';
import type { IdentityStack } from '../identity/identity-stack';
import type { OrganizationStack } from '../organization/organization-stack';
import { groupId } from '../platform-lookups';
import { resolvedForm, StackOutputs } from '../stack-outputs';

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
 *
 * An adopted unit's account existed before vend: it is referenced by its id, never declared.
 * `AWS::Organizations::Account` creates its account with CreateAccount (CloudFormation template
 * reference, AWS::Organizations::Account), which fails for an e-mail that already has an account
 * (CreateAccountStatus FailureReason EMAIL_ALREADY_EXISTS, Organizations API reference); `vend adopt`
 * tags such an account and keeps it in its unit's OU instead.
 */
export class AccountsStack extends Stack {
  private readonly accounts = new Map<string, CfnResource>();
  private readonly accountIds = new Map<string, string>();
  private readonly published = new StackOutputs(this);

  constructor(scope: Construct, id: string, props: AccountsStackProps) {
    super(scope, id, props);
    let previous: CfnResource | undefined;
    const lookups = new Map<string, unknown>();
    const once = (key: string, make: () => string) => {
      if (!lookups.has(key)) lookups.set(key, resolvedForm(make()));
      return lookups.get(key);
    };
    for (const unit of props.units) {
      const scopeForUnit = new Construct(this, pascalId(unit.name));
      let accountId: string;
      let target: unknown;
      if (unit.adopted) {
        accountId = target = unit.adopted.id;
      } else {
        const account = new CfnResource(scopeForUnit, 'Account', {
          type: 'AWS::Organizations::Account',
          properties: {
            AccountName: unit.name,
            Email: unit.identity,
            ParentIds: [once(`ou:${unit.placement}`, () => props.organization.ouIdIn(this, unit.placement))],
            Tags: Object.entries(unit.tags)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([Key, Value]) => ({ Key, Value })),
          },
        });
        // Stated explicitly: deleting the stack or the unit never closes an account.
        account.applyRemovalPolicy(RemovalPolicy.RETAIN);
        if (previous) account.addResourceDependency(previous);
        previous = account;
        this.accounts.set(unit.name, account);
        accountId = account.getAtt('AccountId').toString();
        // The same value as accountId, written out once: as a reference, its logical id would be
        // computed again at each use in both of aws-cdk-lib's resolve passes.
        target = { 'Fn::GetAtt': [this.getLogicalId(account), 'AccountId'] };
      }
      this.accountIds.set(unit.name, accountId);

      // Quarantined units keep their account but lose every human assignment.
      if (unit.lifecycle !== 'active') continue;
      for (const entry of unit.access) {
        new CfnResource(scopeForUnit, `Access${pascalId(entry.group)}${pascalId(entry.role)}`, {
          type: 'AWS::SSO::Assignment',
          properties: {
            InstanceArn: once('instance', () => props.identity.instanceArnIn(this)),
            PermissionSetArn: once(`role:${entry.role}`, () => props.identity.permissionSetArnIn(this, entry.role)),
            PrincipalId: once(`group:${entry.group}`, () => groupId(this, entry.group)),
            PrincipalType: 'GROUP',
            TargetId: target,
            TargetType: 'AWS_ACCOUNT',
          },
        });
      }
    }
  }

  /**
   * The unit's account id for consumers not known yet: an adopted account's own id, else a token
   * that reads the same output as `accountId` in whichever stack it is used.
   */
  accountIdAnywhere(unitName: string): string {
    const id = this.ownId(unitName);
    if (!this.accounts.has(unitName)) return id;
    return this.published.readAnywhere(accountIdOutput(unitName), id);
  }

  /**
   * The unit's account id as the stack of `scope` reads it: an adopted account's own id, else the
   * account's `AccountId`, published to other stacks as output `AccountId<Unit>`.
   */
  accountId(unitName: string, scope: IConstruct): string {
    const id = this.ownId(unitName);
    if (!this.accounts.has(unitName)) return id;
    return this.published.read(scope, accountIdOutput(unitName), id);
  }

  private ownId(unitName: string): string {
    const id = this.accountIds.get(unitName);
    if (id === undefined) throw new Error(`unit '${unitName}' has no account in ${this.stackName}`);
    return id;
  }

  /** The CfnAccount of a unit (for tests and dependency wiring); none for an adopted account. */
  accountResource(unitName: string): CfnResource | undefined {
    return this.accounts.get(unitName);
  }
}

function accountIdOutput(unitName: string): string {
  return `AccountId${pascalId(unitName)}`;
}
