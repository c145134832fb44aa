import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';

export const UNIT_OPERATOR_ROLE_NAME = 'vend-unit-operator';

/**
 * Identity Center permission-set roles of this account, as `aws:PrincipalArn` sees them: IAM Identity
 * Center creates them under `/aws-reserved/sso.amazonaws.com/` named `AWSReservedSSO_<permission
 * set>_<suffix>` (docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html);
 * vend's permission sets are named `vend-<role>` (lib/aws/identity/identity-stack.ts).
 */
export function identityCenterRolePattern(): string {
  return `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_vend-*`;
}

/**
 * The unit's read-only operator role. It trusts only this account, and within it only the vend
 * Identity Center permission-set roles, so no other tenant's account can ever assume it (the review
 * found the earlier OU-path trust let every prod Space read every other prod Space). There is no
 * `aws:MultiFactorAuthPresent` condition: Identity Center role sessions come from
 * AssumeRoleWithSAML, which does not carry MFA context (IAM User Guide, "Request temporary security
 * credentials", comparison of the AWS STS API operations: MFA support "No" for AssumeRoleWithSAML),
 * so the condition made the role unusable; MFA is enforced at the Identity Center sign-in instead.
 */
export class UnitAccess extends Construct {
  readonly role: iam.IRole;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new iam.Role(this, 'OperatorRole', {
      roleName: UNIT_OPERATOR_ROLE_NAME,
      description: 'vend: read-only access for this unit\'s operators (Identity Center sessions of this account only)',
      assumedBy: new iam.PrincipalWithConditions(new iam.AccountRootPrincipal(), {
        ArnLike: { 'aws:PrincipalArn': identityCenterRolePattern() },
      }),
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    });
    acknowledge(role, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess]',
      reason: 'Read-only console access is exactly what AWS maintains ReadOnlyAccess for; a copy would drift as services are added.',
    });
    this.role = role;
  }
}
