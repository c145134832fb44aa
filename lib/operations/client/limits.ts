/**
 * Published request rates, per API. AWS Organizations throttles per API and per account; the
 * figures for the calls vend makes are from its quotas page. Azure Resource Manager uses a token
 * bucket per principal and scope (reads 250 burst / 25 per s, writes 200 / 10 per s).
 */
export interface ApiLimit {
  /** Sustained requests per second. */
  readonly rate: number;
  /** Requests that may go at once after an idle period. */
  readonly burst: number;
  /** Calls of this API in flight at once. @default no per-API bound (the gate's overall bound applies) */
  readonly concurrency?: number;
}

export const ORGANIZATIONS_LIMITS: Readonly<Record<string, ApiLimit>> = {
  'organizations:CreateAccount': { rate: 0.1, burst: 3 },
  'organizations:CloseAccount': { rate: 0.05, burst: 1, concurrency: 3 },
  'organizations:MoveAccount': { rate: 2, burst: 5 },
  'organizations:ListAccounts': { rate: 8, burst: 12 },
  'organizations:ListAccountsForParent': { rate: 8, burst: 12 },
  'organizations:ListOrganizationalUnitsForParent': { rate: 5, burst: 10 },
  'organizations:ListTagsForResource': { rate: 5, burst: 10 },
  'organizations:ListTargetsForPolicy': { rate: 5, burst: 10 },
  'organizations:ListPoliciesForTarget': { rate: 5, burst: 10 },
  'organizations:ListPolicies': { rate: 5, burst: 10 },
  'organizations:ListParents': { rate: 5, burst: 10 },
  'organizations:ListRoots': { rate: 5, burst: 10 },
  'organizations:DescribeAccount': { rate: 5, burst: 10 },
  'organizations:DescribeOrganization': { rate: 5, burst: 10 },
  'organizations:TagResource': { rate: 2, burst: 5 },
};

/** Fallbacks by service prefix, then for anything else. */
export const SERVICE_DEFAULTS: Readonly<Record<string, ApiLimit>> = {
  organizations: { rate: 2, burst: 5 },
  'sso-admin': { rate: 10, burst: 20 },
  cloudformation: { rate: 10, burst: 20 },
  iam: { rate: 10, burst: 20 },
  ec2: { rate: 20, burst: 50 },
  sts: { rate: 20, burst: 50 },
  // "The rate of lookup requests is limited to two per second, per account, per Region"
  // (docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html).
  cloudtrail: { rate: 2, burst: 2 },
  s3: { rate: 50, burst: 100 },
  kms: { rate: 50, burst: 100 },
  'arm:read': { rate: 25, burst: 250 },
  'arm:write': { rate: 10, burst: 200 },
};

export const FALLBACK_LIMIT: ApiLimit = { rate: 10, burst: 20 };

export function limitFor(api: string, overrides: Readonly<Record<string, ApiLimit>> = {}): ApiLimit {
  const exact = overrides[api] ?? ORGANIZATIONS_LIMITS[api];
  if (exact) return exact;
  const service = api.startsWith('arm:') ? api.split(':').slice(0, 2).join(':') : api.split(':')[0];
  return overrides[service] ?? SERVICE_DEFAULTS[service] ?? FALLBACK_LIMIT;
}
