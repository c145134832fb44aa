import { Aws } from 'aws-cdk-lib';
import type * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { roleArn, STACKSET_ADMINISTRATION_ROLE, STACKSET_EXECUTION_ROLE, STACKSET_PERMISSION_MODEL } from '../../model/aws-deployment';

/**
 * The permission settings every vend StackSet shares (lib/model/aws-deployment.ts says why
 * self-managed): the administration role of the deploying (management) account, and the member
 * account's OrganizationAccountAccessRole as execution role. No AutoDeployment and no CallAs: both
 * apply to service-managed StackSets only (AWS::CloudFormation::StackSet reference).
 */
export function selfManagedPermissions(): Pick<
  cloudformation.CfnStackSetProps,
  'permissionModel' | 'administrationRoleArn' | 'executionRoleName'
> {
  return {
    permissionModel: STACKSET_PERMISSION_MODEL,
    administrationRoleArn: roleArn(Aws.PARTITION, Aws.ACCOUNT_ID, STACKSET_ADMINISTRATION_ROLE),
    executionRoleName: STACKSET_EXECUTION_ROLE,
  };
}

/**
 * One account's stack instances: a group of its own, so its parameter overrides never share a
 * deployment target with another account's (lib/aws/stacksets/instance-groups.ts).
 */
export function accountGroup(
  accountId: string,
  regions: readonly string[],
  overrides?: cloudformation.CfnStackSet.ParameterProperty[],
): cloudformation.CfnStackSet.StackInstancesProperty {
  return {
    deploymentTargets: { accounts: [accountId] },
    regions: [...regions],
    ...(overrides && overrides.length > 0 ? { parameterOverrides: overrides } : {}),
  };
}
