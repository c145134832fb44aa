import { deriveHierarchy } from '../hierarchy';
import { quotasOf } from '../quotas';
import type { Rule } from './rule';

/** The derived hierarchy must fit AWS's OU nesting and Azure's management-group depth limits. */
export const hierarchyDepth: Rule = (catalog) => {
  const quotas = quotasOf(catalog.organization.spec);
  const deepest = Math.max(...deriveHierarchy(catalog).nodes.map((n) => n.depth));
  const org = catalog.organization.source;
  const problems = [];
  if (deepest > quotas.ouMaxDepth) {
    problems.push(org.at(['quotas', 'ouMaxDepth'], 'hierarchy-depth', `the hierarchy is ${deepest} OU levels deep; AWS allows ${quotas.ouMaxDepth}`));
  }
  if (deepest > quotas.managementGroupMaxDepth) {
    problems.push(org.at(['quotas', 'managementGroupMaxDepth'], 'hierarchy-depth', `the hierarchy is ${deepest} management-group levels deep; Azure allows ${quotas.managementGroupMaxDepth}`));
  }
  return problems;
};
