/**
 * The only principals vend's member-account guardrails exempt, in one place: the SCP renderer fills
 * `"{{exemptRoleArns}}"` from here, the scenarios and the README read it too (DECISIONS.md §2).
 *
 * - SCPs never apply to the management account ("SCPs don't affect users or roles in the management
 *   account", docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html), so
 *   the management-account pipeline role (`aws.vendingRoleName`) is never exempted in member accounts:
 *   there it could only exempt an impostor that borrowed its name.
 * - vend's CLI work in member accounts (decommission) runs as OrganizationAccountAccessRole, which
 *   CreateAccount creates with a trust of the management account only
 *   (docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html); AWS Control
 *   Tower exempts its AWSControlTowerExecution role the same way.
 * - Baseline stacks run as the same role: vend's StackSets are self-managed with
 *   `ExecutionRoleName: OrganizationAccountAccessRole` (lib/model/aws-deployment.ts says why), so no
 *   service-managed `stacksets-exec-*` role exists in member accounts and none is exempt.
 *
 * The exemptions hold only because the guardrails themselves deny everybody else creating, deleting,
 * re-trusting, tagging or changing the policies of a role with these names
 * (policies/aws/protect-vend-principals.scp.json).
 */

export interface ExemptPrincipal {
  /** Stable id used by scenarios (`vend-member-role`, `stacksets-exec`). */
  readonly id: 'vend-member-role' | 'stacksets-exec';
  /** Role name, or name pattern with `*`, in every member account. */
  readonly roleName: string;
  /** What vend does as this principal, and why it must be exempt. */
  readonly purpose: string;
}

/** Created in every account by CreateAccount; vend's CLI member-account principal. */
export const MEMBER_ACCOUNT_ROLE = 'OrganizationAccountAccessRole';

/** Name pattern of the service-managed StackSets execution role, which vend no longer uses. */
export const STACKSETS_EXECUTION_ROLE = 'stacksets-exec-*';

/** Roles vend's baselines create are named with this prefix; the guardrails reserve it. */
export const VEND_ROLE_PREFIX = 'vend-';

const EXEMPT: readonly ExemptPrincipal[] = [
  {
    id: 'vend-member-role',
    roleName: MEMBER_ACCOUNT_ROLE,
    purpose: 'vend decommission verifies and revokes access inside the account, also in Quarantine; every vend StackSet (self-managed) runs as this role',
  },
];

/** The exempt principals, in a stable order. */
export function exemptPrincipals(): readonly ExemptPrincipal[] {
  return EXEMPT;
}

/** `arn:<partition>:iam::*:role/<name>` of every exempt role: both the principals and the resources to protect. */
export function exemptRoleArns(partition: string): string[] {
  return EXEMPT.map((p) => `arn:${partition}:iam::*:role/${p.roleName}`);
}
