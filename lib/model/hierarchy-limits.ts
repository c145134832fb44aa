/**
 * The depth limits of the derived hierarchy, checked once: AWS OUs nest at most five levels below
 * the root (docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html), Azure
 * management groups six below the tenant root (learn.microsoft.com/azure/governance/management-groups/overview).
 * `vend validate` (rules/hierarchy-depth.ts) and the Azure realization's guard call this.
 */
import type { Catalog } from './catalog';
import type { Diagnostic } from './diagnostic';
import type { Hierarchy } from './hierarchy';
import { quotasOf } from './quotas';

/** `clouds`: which depth limits apply (a catalog with only one cloud is not held to the other's). */
export function hierarchyDepthProblems(catalog: Pick<Catalog, 'organization'>, hierarchy: Hierarchy, clouds: ReadonlyArray<'aws' | 'azure'> = ['aws', 'azure']): Diagnostic[] {
  const quotas = quotasOf(catalog.organization.spec);
  const deepest = Math.max(...hierarchy.nodes.map((n) => n.depth));
  const org = catalog.organization.source;
  const problems: Diagnostic[] = [];
  if (clouds.includes('aws') && deepest > quotas.ouMaxDepth) {
    problems.push(org.at(['quotas', 'ouMaxDepth'], 'hierarchy-depth', `the hierarchy is ${deepest} OU levels deep; AWS allows ${quotas.ouMaxDepth}`));
  }
  if (clouds.includes('azure') && deepest > quotas.managementGroupMaxDepth) {
    problems.push(org.at(['quotas', 'managementGroupMaxDepth'], 'hierarchy-depth', `the hierarchy is ${deepest} management-group levels deep; Azure allows ${quotas.managementGroupMaxDepth}`));
  }
  return problems;
}
