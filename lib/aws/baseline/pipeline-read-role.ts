import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';

export interface PipelineReadRoleProps {
  readonly roleName: string;
  readonly managementAccountId: string;
  /** What the pipeline may do with the role. */
  readonly statements: iam.PolicyStatement[];
  readonly description: string;
}

/**
 * A narrow role the pipeline's custom resources in the management account assume to read or set one
 * thing in this account. Only roles of vend's own stacks in the management account (`Vend-*`) are trusted.
 */
export class PipelineReadRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PipelineReadRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: props.description,
      assumedBy: new iam.PrincipalWithConditions(new iam.AccountPrincipal(props.managementAccountId), {
        ArnLike: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${props.managementAccountId}:role/Vend-*` },
      }),
      inlinePolicies: { Pipeline: new iam.PolicyDocument({ statements: props.statements }) },
    });
    acknowledge(this.role, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The granted List/Describe/UpdateOrganizationConfiguration calls have no resource-level permissions; the role trusts only vend stacks in the management account.',
    });
  }
}

export const POP_SERVICE_READER_ROLE = 'vend-endpoint-service-reader';
export const SECURITY_ADMIN_ROLE = 'vend-security-admin';
