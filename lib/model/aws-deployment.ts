/**
 * Who does what when vend deploys to AWS: the principals and role names the CDK app, the one-time
 * bootstrap and the lifecycle commands share. Kept in the model (no SDK or CDK import) so the
 * realization, the operations and the guardrails' exempt-principal set read one definition.
 *
 * StackSets permission model: **self-managed**. Every StackSet vend creates targets explicit account
 * ids, one `StackInstancesGroup` per account with that account's own parameter overrides, runs as
 * the administration role below in the management account and, in each member account, as the
 * execution role OrganizationAccountAccessRole, the role CreateAccount creates there and that trusts
 * only the management account (the same pattern as AWS Control Tower's AWSControlTowerExecution).
 * Why not service-managed: the AWS::CloudFormation::StackSet handler rejects one OU associated with
 * two parameter sets, which per-account values targeted by (OU ∩ account) always are
 * (lib/aws/stacksets/instance-groups.ts cites the handler source).
 */

import { MEMBER_ACCOUNT_ROLE } from './exempt-principals';
import { identityCenterGroupParameter } from './identity-center';

/**
 * The execution role self-managed StackSets assume in each target account: the role CreateAccount
 * creates in every new member account, trusting only the management account (exempt-principals.ts).
 */
export const STACKSET_EXECUTION_ROLE = MEMBER_ACCOUNT_ROLE;

/**
 * The StackSets administration role in the management account (`vend bootstrap aws` creates it):
 * trusted by CloudFormation for this account only, allowed only to assume the execution role.
 */
export const STACKSET_ADMINISTRATION_ROLE = 'vend-stackset-administration';

export const STACKSET_PERMISSION_MODEL = 'SELF_MANAGED' as const;

/** `arn:<partition>:iam::<account>:role/<name>`. */
export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * The SSM parameters (management account, deployment region) the CDK app reads at deploy time,
 * so synth needs no credentials and nobody pastes ids into the catalog. `vend bootstrap aws` writes
 * the organization and Identity Center ones; the deploy workflow writes the Azure ones after the
 * Azure apply.
 */
export const SSM_PREFIX = '/vend';
export const ssmParameterNames = {
  organizationId: `${SSM_PREFIX}/organization/id`,
  rootId: `${SSM_PREFIX}/organization/root-id`,
  identityCenterInstanceArn: `${SSM_PREFIX}/identity-center/instance-arn`,
  /** Identity-store group id of a directory group (identity-center.ts). */
  group: identityCenterGroupParameter,
  /** Entra object id of an Azure Space's log-delivery identity (the Space's Terraform output). */
  azureLogDeliveryPrincipal: (space: string) => `${SSM_PREFIX}/azure/spaces/${space}/log-delivery-principal-id`,
};

/**
 * Where vend's management stacks live: the Central AWS unit's region (the log archive's, for the
 * organization trail), else the first organization region.
 */
export function awsDeploymentRegion(units: ReadonlyArray<{ cloud: string; kind: string; lifecycle: string; region: string }>, regions: readonly string[]): string {
  return units.find((u) => u.cloud === 'aws' && u.kind === 'Central' && u.lifecycle === 'active')?.region ?? regions[0];
}
