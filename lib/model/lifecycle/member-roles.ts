/**
 * Roles in a member account that the decommission's trust revocation never rewrites, and why. Every
 * other role whose trust reaches beyond the account (another account, an external identity
 * provider, everyone) gets a deny-all trust policy.
 *
 * Phase 2 of the lifecycle work replaces the StackSets entry with the guardrails' one function of
 * exempt principals (DECISIONS.md §2), so the two can never disagree.
 */
export interface KeptRole {
  /** Matches a role by name (`*` as a trailing wildcard) or by path prefix. */
  readonly name?: string;
  readonly pathPrefix?: string;
  readonly reason: string;
}

export const MEMBER_ACCESS_ROLE = 'OrganizationAccountAccessRole';

export const ROLES_KEPT_BY_REVOCATION: readonly KeptRole[] = [
  {
    name: MEMBER_ACCESS_ROLE,
    reason: 'the principal the decommission itself acts as; it trusts only the management account (created by CreateAccount)',
  },
  {
    name: 'stacksets-exec-*',
    reason: 'the StackSets execution role, exempt from the guardrails (DECISIONS.md §2); rewriting it would cut off any later StackSets operation',
  },
  {
    pathPrefix: '/aws-service-role/',
    // docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html: the service
    // defines the trust policy of a service-linked role and it cannot be edited.
    reason: 'service-linked roles: the service owns their trust policy, which IAM does not let anyone edit',
  },
  {
    pathPrefix: '/aws-reserved/sso.amazonaws.com/',
    // IAM Identity Center provisions these roles for its permission sets through its service-linked
    // role (AWS managed policy AWSSSOServiceRolePolicy grants it iam:CreateRole and
    // iam:UpdateAssumeRolePolicy on role/aws-reserved/sso.amazonaws.com/*), and removes them with the
    // last account assignment of the permission set.
    reason: 'IAM Identity Center roles: removed with the account assignments, which the IaC owns (step drop-access)',
  },
];

/** Is `role` one the trust revocation leaves alone? Returns the reason when it is. */
export function keptRoleReason(role: { name: string; path?: string }): string | undefined {
  for (const kept of ROLES_KEPT_BY_REVOCATION) {
    if (kept.pathPrefix && (role.path ?? '/').startsWith(kept.pathPrefix)) return kept.reason;
    if (kept.name && (kept.name.endsWith('*') ? role.name.startsWith(kept.name.slice(0, -1)) : role.name === kept.name)) return kept.reason;
  }
  return undefined;
}
