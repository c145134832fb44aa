/**
 * SCP files are data with two placeholders filled from organization.yaml:
 *   "{{regions}}" (a whole string value) becomes the list of allowed regions;
 *   {{vendingRoleName}} inside a string becomes the pipeline role's name.
 * Sizes are measured on the rendered, minified document, as AWS counts them.
 */
import type { ScpDocument } from './catalog';
import type { OrganizationSpec } from './schema';

export const DEFAULT_VENDING_ROLE = 'VendPipelineRole';

export function renderScp(scp: ScpDocument, org: OrganizationSpec): ScpDocument['document'] {
  const regions = org.aws?.regions ?? [];
  const role = org.aws?.vendingRoleName ?? DEFAULT_VENDING_ROLE;
  return JSON.parse(JSON.stringify(scp.document), (_key, value) => {
    if (value === '{{regions}}') return [...regions];
    if (typeof value === 'string') return value.replace(/\{\{vendingRoleName\}\}/g, role);
    return value;
  });
}

/** Minified size in characters, which is what the 10,240-character SCP quota counts. */
export function minifiedSize(document: unknown): number {
  return JSON.stringify(document).length;
}
