import { Stack, Token, type StackProps } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import { pascalId, type EffectiveUnit } from '../../model';
import type { IdentityStack } from '../identity/identity-stack';
import type { OrganizationStack } from '../organization/organization-stack';
import { groupId } from '../platform-lookups';
import { logicalIdAt } from '../fragments/logical-id';
import { TemplateFragment } from '../fragments/template-fragment';
import { resolvedForm, StackOutputs } from '../stack-outputs';

export interface AccountsStackProps extends StackProps {
  /** The units of one shard, sorted by name. */
  readonly units: readonly EffectiveUnit[];
  readonly organization: OrganizationStack;
  readonly identity: IdentityStack;
}

/**
 * One shard of accounts: each unit's `AWS::Organizations::Account` in the OU of its placement, tagged
 * with the unit's `vend:*` tags, plus the unit's Identity Center assignments, written as data with
 * the logical ids their constructs had (lib/aws/README.md, Performance). Accounts keep
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
  /** Units whose account this stack declares (not adopted). */
  private readonly declared = new Set<string>();
  private readonly accountIds = new Map<string, string>();
  /** The accounts and assignments (fragments/template-fragment.ts). */
  private readonly resources = new TemplateFragment(this, 'Units', 'Resources');
  private outputs?: TemplateFragment;
  private readonly published = new StackOutputs(this, (name, value) => {
    this.outputs ??= new TemplateFragment(this, 'Published', 'Outputs');
    this.outputs.add(name, { Value: resolvedForm(value) });
  });

  constructor(scope: Construct, id: string, props: AccountsStackProps) {
    super(scope, id, props);
    const lookups = new Map<string, unknown>();
    const once = (key: string, make: () => string) => {
      if (!lookups.has(key)) lookups.set(key, resolvedForm(make()));
      return lookups.get(key);
    };
    let previous: string | undefined;
    for (const unit of props.units) {
      // The paths the constructs `<Unit>/Account` and `<Unit>/Access<Group><Role>` had: the ids of
      // deployed accounts and assignments never change.
      const unitId = pascalId(unit.name);
      let target: unknown;
      if (unit.adopted) {
        target = unit.adopted.id;
        this.accountIds.set(unit.name, unit.adopted.id);
      } else {
        const account = logicalIdAt([unitId, 'Account']);
        this.resources.add(account, {
          Type: 'AWS::Organizations::Account',
          Properties: {
            AccountName: unit.name,
            Email: unit.identity,
            ParentIds: [once(`ou:${unit.placement}`, () => props.organization.ouIdIn(this, unit.placement))],
            Tags: Object.entries(unit.tags)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([Key, Value]) => ({ Key, Value })),
          },
          ...(previous ? { DependsOn: [previous] } : {}),
          // Stated explicitly: deleting the stack or the unit never closes an account.
          UpdateReplacePolicy: 'Retain',
          DeletionPolicy: 'Retain',
        });
        previous = account;
        this.declared.add(unit.name);
        target = { 'Fn::GetAtt': [account, 'AccountId'] };
        this.accountIds.set(unit.name, Token.asString(target));
      }

      // Quarantined units keep their account but lose every human assignment.
      if (unit.lifecycle !== 'active') continue;
      for (const entry of unit.access) {
        this.resources.add(logicalIdAt([unitId, `Access${pascalId(entry.group)}${pascalId(entry.role)}`]), {
          Type: 'AWS::SSO::Assignment',
          Properties: {
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
    if (!this.declared.has(unitName)) return id;
    return this.published.readAnywhere(accountIdOutput(unitName), id);
  }

  /**
   * The unit's account id as the stack of `scope` reads it: an adopted account's own id, else the
   * account's `AccountId`, published to other stacks as output `AccountId<Unit>`.
   */
  accountId(unitName: string, scope: IConstruct): string {
    const id = this.ownId(unitName);
    if (!this.declared.has(unitName)) return id;
    return this.published.read(scope, accountIdOutput(unitName), id);
  }

  private ownId(unitName: string): string {
    const id = this.accountIds.get(unitName);
    if (id === undefined) throw new Error(`unit '${unitName}' has no account in ${this.stackName}`);
    return id;
  }
}

function accountIdOutput(unitName: string): string {
  return `AccountId${pascalId(unitName)}`;
}
