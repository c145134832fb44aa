/**
 * Who a role's trust policy lets in from outside its account. Pure, over the policy document as
 * IAM returns it (URL-encoded JSON). An Allow statement grants outside access when its principal is
 * everyone (`"*"`, `{"AWS": "*"}`), another account or a principal in one, an external identity
 * provider (`Federated`: OIDC and SAML providers, web identity), or when it uses `NotPrincipal`
 * (everyone except the listed). Service principals and the account's own principals do not count.
 * IAM JSON policy reference, Principal and NotPrincipal:
 * docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html and
 * reference_policies_elements_notprincipal.html.
 */
export interface ExternalGrant {
  readonly kind: 'everyone' | 'account' | 'federated' | 'not-principal';
  readonly who: string;
}

type PrincipalValue = string | string[] | undefined;
interface Statement {
  Effect?: string;
  Principal?: '*' | Record<string, PrincipalValue>;
  NotPrincipal?: unknown;
}

export function parsePolicy(document: string | undefined): { Statement?: unknown } | undefined {
  if (!document) return undefined;
  for (const text of [safeDecode(document), document]) {
    try {
      return JSON.parse(text) as { Statement?: unknown };
    } catch {
      /* try the next form */
    }
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const list = (v: PrincipalValue): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/** The grants beyond `accountId`; an unparseable document counts as one (fail closed). */
export function externalGrants(document: string | undefined, accountId: string): ExternalGrant[] {
  const doc = parsePolicy(document);
  if (!doc) return document ? [{ kind: 'everyone', who: 'an unreadable trust policy' }] : [];
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : []) as Statement[];
  const own = (p: string) => p === accountId || new RegExp(`^arn:aws[a-z-]*:(iam|sts)::${accountId}:`).test(p);
  const grants: ExternalGrant[] = [];
  for (const s of statements.filter((x) => x.Effect === 'Allow')) {
    if (s.NotPrincipal !== undefined) grants.push({ kind: 'not-principal', who: `everyone but ${JSON.stringify(s.NotPrincipal)}` });
    if (s.Principal === '*') grants.push({ kind: 'everyone', who: '*' });
    if (!s.Principal || typeof s.Principal !== 'object') continue;
    for (const p of list(s.Principal.AWS)) {
      if (p === '*') grants.push({ kind: 'everyone', who: '*' });
      else if (!own(p)) grants.push({ kind: 'account', who: p });
    }
    for (const p of list(s.Principal.Federated)) grants.push({ kind: 'federated', who: p });
    for (const p of list(s.Principal.CanonicalUser)) grants.push({ kind: 'account', who: `canonical user ${p}` });
  }
  return grants;
}

/** The trust policy a revoked role gets: nobody may assume it. */
export const DENY_ALL_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'VendDecommissioned', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'] }],
});
