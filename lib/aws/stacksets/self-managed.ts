import { Aws, Token, type IResolvable } from 'aws-cdk-lib';
import type * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { resolvedForm } from '../stack-outputs';
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

/**
 * `accountGroup`s of a StackSet with one group per account (a baseline shard's hundreds), given to
 * the L1 as one resolvable: account ids and override values that are tokens are the objects they
 * stand for (`resolvedForm`), so the thousands of them are not decoded as strings. aws-cdk-lib
 * resolves a property before it renders and checks it (cfn-resource.ts, `PostResolveToken`), so
 * the value keeps the L1's property names.
 */
export function accountGroupsAsData(groups: readonly cloudformation.CfnStackSet.StackInstancesProperty[]): IResolvable {
  return Token.asAny(
    groups.map((group) => {
      const targets = group.deploymentTargets as cloudformation.CfnStackSet.DeploymentTargetsProperty;
      const overrides = group.parameterOverrides as cloudformation.CfnStackSet.ParameterProperty[] | undefined;
      return {
        ...group,
        deploymentTargets: { ...targets, accounts: (targets.accounts ?? []).map(resolvedForm) },
        ...(overrides ? { parameterOverrides: overrides.map((o) => ({ ...o, parameterValue: resolvedForm(o.parameterValue) })) } : {}),
      };
    }),
  );
}
