import { roleArn, STACKSET_EXECUTION_ROLE } from '../../model/aws-deployment';

/**
 * The StackSets administration role's two documents, as the CloudFormation user guide's
 * "Grant self-managed permissions" shows them: CloudFormation may assume it (for this account's
 * StackSets only: `aws:SourceAccount` and `aws:SourceArn`), and it may only assume the execution
 * role in target accounts, which for vend is OrganizationAccountAccessRole.
 */
export function stackSetAdministrationPolicies(partition: string, managementAccountId: string) {
  return {
    policyName: 'AssumeExecutionRole',
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudformation.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': managementAccountId },
            StringLike: { 'aws:SourceArn': `arn:${partition}:cloudformation:*:${managementAccountId}:stackset/*` },
          },
        },
      ],
    },
    permissions: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn(partition, '*', STACKSET_EXECUTION_ROLE) }],
    },
  };
}
