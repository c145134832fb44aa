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
};

export function quotasOf(org: OrganizationSpec): Quotas {
  return { ...DEFAULT_QUOTAS, ...(org.quotas ?? {}) };
}

/** Accounts closable in a rolling 30-day window for an organization of `accounts` accounts. */
export function accountClosureLimit(quotas: Quotas, accounts: number): number {
  const share = Math.floor((accounts * quotas.accountClosurePercent) / 100);
  return Math.min(Math.max(share, quotas.accountClosureMinimum), quotas.accountClosureMaximum);
}
