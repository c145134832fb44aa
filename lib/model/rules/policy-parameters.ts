import { azurePolicyDefaultsOf } from '../azure-policy-defaults';
import { unfilledParameterMessage, unfilledParameters } from '../azure-policy-parameters';
import type { Diagnostic } from '../diagnostic';
import type { Rule } from './rule';

/**
 * Every parameter of an Azure Policy definition has a default or is one vend fills (from the
 * policy default values), reported at the parameter's line in the policy file.
 */
export const policyParameters: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const defaults = azurePolicyDefaultsOf(catalog);
  for (const control of catalog.controls.values()) {
    control.azurePolicies.forEach((definition, i) => {
      if (seen.has(definition.file)) return;
      seen.add(definition.file);
      for (const name of unfilledParameters(definition, defaults)) {
        const message = unfilledParameterMessage(name, defaults);
        problems.push(
          definition.source
            ? definition.source.at(['properties', 'parameters', name], 'policy-parameter', message)
            : control.source.at(['azure', 'definitions', i], 'policy-parameter', message),
        );
      }
    });
  }
  return problems;
};
