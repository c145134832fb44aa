/**
 * The contract between the catalog, `vend bootstrap aws` and the AWS realization for Identity
 * Center groups. The AWS stacks read each group's identity-store id at deploy time from an SSM
 * parameter (CloudFormation `AWS::SSM::Parameter::Value<String>`), so a group without its
 * parameter fails `cdk deploy` after merge. `vend validate` cannot read SSM, so the set of groups is
 * declared data: organization.yaml `aws.identityCenterGroups`. `vend bootstrap aws` writes one
 * parameter per declared group (and fails on a group Identity Center does not have), and
 * validate refuses an AWS unit whose access names an undeclared group.
 */
import type { OrganizationSpec } from './schema';

export const IDENTITY_CENTER_PARAMETER_PREFIX = '/vend/identity-center';

/** SSM parameter holding a group's identity-store id; characters SSM does not allow become `-`. */
export function identityCenterGroupParameter(group: string): string {
  return `${IDENTITY_CENTER_PARAMETER_PREFIX}/groups/${group.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}

/** The groups `vend bootstrap aws` provisions parameters for. */
export function declaredIdentityCenterGroups(org: OrganizationSpec): readonly string[] {
  return org.aws?.identityCenterGroups ?? [];
}
