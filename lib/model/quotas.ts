/**
 * Service limits vend validates against before anything is synthesized. The defaults are the
 * clouds' published quotas; organization.yaml `quotas:` overrides any of them (for example after a
 * quota increase, or to keep headroom).
 *
 * AWS Organizations policy quotas: "Quotas and service limits for AWS Organizations"
 * (docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html), tables "Maximum
 * size of a policy document" and "Number of policies that you can attach to an entity": SCPs 10,240
 * characters and 10 per root/OU/account; RCPs 5,120 characters and 5 per entity (RCPFullAWSAccess
 * always attached and counted); declarative policies 10,000 characters and 10 per entity.
 */
import type { OrganizationSpec } from './schema';

export interface Quotas {
  /** AWS: characters in one SCP, minified. */
  readonly scpMaxCharacters: number;
  /** AWS: SCPs attached to one target, FullAWSAccess included. */
  readonly scpMaxPerTarget: number;
  /** AWS: characters in one RCP, minified. */
  readonly rcpMaxCharacters: number;
  /** AWS: RCPs attached to one target, RCPFullAWSAccess included. */
  readonly rcpMaxPerTarget: number;
  /** AWS: characters in one declarative policy, minified. */
  readonly declarativeMaxCharacters: number;
  /** AWS: declarative policies attached to one target. */
  readonly declarativeMaxPerTarget: number;
  /** AWS: OU nesting below the root. */
  readonly ouMaxDepth: number;
  /** Azure: management-group levels below the tenant root group. */
  readonly managementGroupMaxDepth: number;
  /** Azure: policy assignments at one scope. */
  readonly policyAssignmentsPerScope: number;
  /** Azure: bytes of one policy definition's JSON. */
  readonly policyDefinitionMaxBytes: number;
  /** AWS: accounts that may be closed per rolling 30 days, as a share of all accounts... */
  readonly accountClosurePercent: number;
  /** ...but at least this many... */
  readonly accountClosureMinimum: number;
  /** ...and at most this many. */
  readonly accountClosureMaximum: number;
  /** AWS CloudFormation: stacks per account and region (vend's all live in the management account). */
  readonly cloudFormationStacks: number;
  /** AWS CloudFormation: StackSets per administrator account. */
  readonly cloudFormationStackSets: number;
  /** AWS CloudFormation: stack instances per StackSet. */
  readonly cloudFormationStackInstancesPerStackSet: number;
  /** AWS CloudFormation: resources declared in one template. */
  readonly cloudFormationResourcesPerTemplate: number;
  /** AWS CloudFormation: parameters declared in one template. */
  readonly cloudFormationParametersPerTemplate: number;
  /** AWS CloudFormation: outputs declared in one template. */
  readonly cloudFormationOutputsPerTemplate: number;
  /** AWS CloudFormation: bytes of a template body passed inline (a StackSet's TemplateBody). */
  readonly cloudFormationTemplateBodyBytes: number;
  /** AWS CloudFormation: bytes of a template in an S3 object (how `cdk deploy` uploads stacks). */
  readonly cloudFormationTemplateS3Bytes: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  scpMaxCharacters: 10_240,
  scpMaxPerTarget: 10,
  rcpMaxCharacters: 5_120,
  rcpMaxPerTarget: 5,
  declarativeMaxCharacters: 10_000,
  declarativeMaxPerTarget: 10,
  ouMaxDepth: 5,
  managementGroupMaxDepth: 6,
  policyAssignmentsPerScope: 200,
  policyDefinitionMaxBytes: 1_048_576,
  accountClosurePercent: 20,
  accountClosureMinimum: 250,
  accountClosureMaximum: 1_000,
  // AWS CloudFormation user guide, "Understand CloudFormation quotas" (cloudformation-limits): stacks
  // 2,000; stack sets per administrator account 1,000; stack instances per stack set 100,000;
  // resources 500, parameters 200 and outputs 200 per template; template body 51,200 bytes in a
  // request and 1 MB in an S3 object. Stacks and StackSets are adjustable in Service Quotas.
  cloudFormationStacks: 2_000,
  cloudFormationStackSets: 1_000,
  cloudFormationStackInstancesPerStackSet: 100_000,
  cloudFormationResourcesPerTemplate: 500,
  cloudFormationParametersPerTemplate: 200,
  cloudFormationOutputsPerTemplate: 200,
  cloudFormationTemplateBodyBytes: 51_200,
  cloudFormationTemplateS3Bytes: 1_000_000,
};

export function quotasOf(org: OrganizationSpec): Quotas {
  return { ...DEFAULT_QUOTAS, ...(org.quotas ?? {}) };
}

/** Accounts closable in a rolling 30-day window for an organization of `accounts` accounts. */
export function accountClosureLimit(quotas: Quotas, accounts: number): number {
  const share = Math.floor((accounts * quotas.accountClosurePercent) / 100);
  return Math.min(Math.max(share, quotas.accountClosureMinimum), quotas.accountClosureMaximum);
}

