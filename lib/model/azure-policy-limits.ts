/**
 * The Azure Policy and management-group limits, checked once: each definition within the size
 * limit and each management group within the assignments-per-scope limit (one assignment per
 * control). `vend validate` (rules/azure-policy-quotas.ts) and the Azure realization's guard call
 * these. Limits: learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#azure-policy-limits
 */
import type { Catalog } from './catalog';
import type { Diagnostic } from './diagnostic';
import type { Hierarchy } from './hierarchy';
import { quotasOf } from './quotas';

export function policySizeProblems(catalog: Pick<Catalog, 'organization' | 'controls'>): Diagnostic[] {
  const quotas = quotasOf(catalog.organization.spec);
  const problems: Diagnostic[] = [];
  for (const control of catalog.controls.values()) {
    control.azurePolicies.forEach((definition, i) => {
      const bytes = Buffer.byteLength(JSON.stringify({ properties: definition.properties }));
      if (bytes > quotas.policyDefinitionMaxBytes) {
        problems.push(control.source.at(['azure', 'definitions', i], 'policy-too-large', `policy definition ${definition.file} is ${bytes} bytes; the limit is ${quotas.policyDefinitionMaxBytes}`));
      }
    });
  }
  return problems;
}

export function assignmentCountProblems(catalog: Pick<Catalog, 'organization' | 'controls'>, hierarchy: Hierarchy): Diagnostic[] {
  const quotas = quotasOf(catalog.organization.spec);
  return hierarchy.nodes.flatMap((node) => {
    const assigned = node.controls.filter((name) => (catalog.controls.get(name)?.azurePolicies.length ?? 0) > 0);
    if (assigned.length <= quotas.policyAssignmentsPerScope) return [];
    return [catalog.organization.source.at(['quotas', 'policyAssignmentsPerScope'], 'policy-assignment-count', `management group ${node.azure.id} would have ${assigned.length} policy assignments; the limit is ${quotas.policyAssignmentsPerScope}`)];
  });
}
