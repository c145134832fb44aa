import type { Diagnostic } from '../diagnostic';
import { deriveHierarchy } from '../hierarchy';
import { quotasOf } from '../quotas';
import type { Rule } from './rule';

/**
 * Azure Policy limits, checked before synth: each definition within the size limit, and each
 * management group within the assignments-per-scope limit (one assignment per control).
 */
export const azurePolicyQuotas: Rule = (catalog) => {
  const quotas = quotasOf(catalog.organization.spec);
  const problems: Diagnostic[] = [];
  for (const control of catalog.controls.values()) {
    control.azurePolicies.forEach((definition, i) => {
      const bytes = Buffer.byteLength(JSON.stringify({ properties: definition.properties }));
      if (bytes > quotas.policyDefinitionMaxBytes) {
        problems.push(control.source.at(['azure', 'definitions', i], 'policy-too-large', `policy definition is ${bytes} bytes; the limit is ${quotas.policyDefinitionMaxBytes}`));
      }
    });
  }
  for (const node of deriveHierarchy(catalog).nodes) {
    const assigned = node.controls.filter((name) => (catalog.controls.get(name)?.azurePolicies.length ?? 0) > 0);
    if (assigned.length <= quotas.policyAssignmentsPerScope) continue;
    problems.push(catalog.organization.source.at(['quotas', 'policyAssignmentsPerScope'], 'policy-assignment-count', `management group ${node.azure.id} would have ${assigned.length} policy assignments; the limit is ${quotas.policyAssignmentsPerScope}`));
  }
  return problems;
};
