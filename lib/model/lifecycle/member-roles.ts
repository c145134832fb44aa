import { exemptPrincipals, MEMBER_ACCOUNT_ROLE } from '../exempt-principals';

/**
 * Roles in a member account that the decommission's trust revocation never rewrites, and why. Every
 * other role whose trust reaches beyond the account (another account, an external identity
 * provider, everyone) gets a deny-all trust policy.
 *
 * The roles vend acts as are the guardrails' exempt principals (model/exempt-principals.ts, DECISIONS.md
 * §2), read from that one function so the two can never disagree. A role named like the old
 * service-managed StackSets execution role (`stacksets-exec-*`) is not one of them any more: vend's
 * StackSets are self-managed, so such a role is a tenant's, and its outside trust is revoked.
 */
export interface KeptRole {
  /** Matches a role by name (`*` as a trailing wildcard) or by path prefix. */
  readonly name?: string;
  readonly pathPrefix?: string;
  readonly reason: string;
}

export const MEMBER_ACCESS_ROLE = MEMBER_ACCOUNT_ROLE;

export const ROLES_KEPT_BY_REVOCATION: readonly KeptRole[] = [
  ...exemptPrincipals().map((p) => ({
    name: p.roleName,
    reason: `an exempt vend principal (${p.id}): ${p.purpose}; it trusts only the management account (created by CreateAccount), and the decommission acts as it`,
  })),
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
