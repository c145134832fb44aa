import { validatePolicyDefinition } from '../azure-policy-rule';
import type { Diagnostic } from '../diagnostic';
import type { Rule } from './rule';

/**
 * Every Azure Policy definition is valid policy JSON (if/then, known operators and effects,
 * declared parameters, roles for remediating effects), reported at its line in the policy file,
 * so a bad guardrail fails `vend validate` on the pull request instead of the synth after merge.
 */
export const azurePolicyRules: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  for (const control of catalog.controls.values()) {
    control.azurePolicies.forEach((definition, i) => {
      for (const finding of validatePolicyDefinition(definition)) {
        const inFile = ['properties', ...jsonPath(finding.path)];
        problems.push(
          definition.source
            ? definition.source.at(inFile, 'policy-rule', finding.message)
            : control.source.at(['azure', 'definitions', i], 'policy-rule', `properties.${finding.path}: ${finding.message}`),
        );
      }
    });
  }
  return problems;
};

/** `policyRule.if.allOf[1]` → ['policyRule', 'if', 'allOf', 1]. */
function jsonPath(path: string): PropertyKey[] {
  return path.split('.').flatMap((part) =>
    part.split(/[[\]]/).filter(Boolean).map((piece, i) => (i > 0 && /^\d+$/.test(piece) ? Number(piece) : piece)),
  );
}
