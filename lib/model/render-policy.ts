/**
 * Organization policy files (SCPs, RCPs, declarative policies) are data with placeholders the model
 * fills from organization.yaml and the exempt-principal set:
 *   "{{regions}}"         a whole string value (or list element) → the list of allowed regions;
 *   "{{exemptRoleArns}}"  a whole string value (or list element) → the ARN patterns of the exempt roles
 *                         (lib/model/exempt-principals.ts), as principals or as resources;
 *   {{partition}}         inside a string → the organization's partition (`aws`, `aws-us-gov`, `aws-cn`);
 *   {{organizationId}}    inside a string → the organization id (`o-…`), known only at deploy time,
 *                         so the realization passes it in; sizes are measured with the longest id.
 * Anything else between `{{` and `}}` is left as written and reported by `vend validate`.
 * Sizes are measured on the rendered, minified document, as AWS counts them.
 */
import { awsPartition } from './aws-partition';
import type { IamPolicyFile } from './catalog';
import { exemptRoleArns } from './exempt-principals';
import type { OrganizationSpec } from './schema';

export const POLICY_PLACEHOLDERS = ['regions', 'exemptRoleArns', 'partition', 'organizationId'] as const;

/** An organization id is `o-` and 10 to 32 characters (Organizations API, Organization.Id). */
export const LONGEST_ORGANIZATION_ID = `o-${'x'.repeat(32)}`;

export interface RenderValues {
  /** The organization id, or a token standing for it. @default the longest possible id */
  readonly organizationId?: string;
}

/** The document with every known placeholder filled. */
export function renderPolicy<T>(document: T, org: OrganizationSpec, values: RenderValues = {}): T {
  const regions = org.aws?.regions ?? [];
  const partition = awsPartition(org);
  const organizationId = values.organizationId ?? LONGEST_ORGANIZATION_ID;
  return JSON.parse(JSON.stringify(document), (_key, value) => {
    if (value === '{{regions}}') return [...regions];
    if (value === '{{exemptRoleArns}}') return exemptRoleArns(partition);
    // A list placeholder inside a list ("Resource": ["{{exemptRoleArns}}", "arn:…"]) is spliced in.
    if (Array.isArray(value)) return value.flat();
    if (typeof value === 'string') {
      return value.replace(/\{\{partition\}\}/g, partition).replace(/\{\{organizationId\}\}/g, organizationId);
    }
    return value;
  }) as T;
}

/** An SCP rendered for an organization. */
export function renderScp(scp: IamPolicyFile, org: OrganizationSpec, values: RenderValues = {}): IamPolicyFile['document'] {
  return renderPolicy(scp.document, org, values);
}

/** Placeholders (`{{name}}`) a rendered document still contains: unknown ones. */
export function unfilledPlaceholders(document: unknown): string[] {
  return [...new Set(JSON.stringify(document).match(/\{\{[^}]*\}\}/g) ?? [])];
}

/** Minified size in characters, which is what the Organizations policy size quotas count. */
export function minifiedSize(document: unknown): number {
  return JSON.stringify(document).length;
}
