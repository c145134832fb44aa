import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';

export interface UnitAccessProps {
  /** `o-…/r-…/ou-…/`: principals whose account is under this OU path may assume the role. */
  readonly trustedOrgPath: string;
}

export const UNIT_OPERATOR_ROLE_NAME = 'vend-unit-operator';

/**
 * The unit's cross-account console role. It trusts principals only under the unit's own OU path
 * (`aws:PrincipalOrgPaths`), requires MFA, and is read-only; changes go through the pipeline.
 */
export class UnitAccess extends Construct {
  readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: UnitAccessProps) {
    super(scope, id);
    const role = new iam.Role(this, 'OperatorRole', {
      roleName: UNIT_OPERATOR_ROLE_NAME,
      description: 'vend: read-only console access for operators of this unit (MFA, same OU path only)',
      assumedBy: new iam.PrincipalWithConditions(new iam.AnyPrincipal(), {
        'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${props.trustedOrgPath}*`] },
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
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
