/**
 * Which Azure Policy parameters vend fills in itself when it assigns a control: exactly those the
 * policy default values (policies/azure/policy-default-values.json, lib/model/azure-policy-defaults.ts)
 * name. Any other parameter a definition declares must carry a `defaultValue`, or the assignment
 * would be created without a value and Azure rejects it ("The policy parameter '…' is missing";
 * parameters without a default are required at assignment:
 * learn.microsoft.com/azure/governance/policy/concepts/definition-structure-parameters).
 * `vend validate` (rules/policy-parameters.ts) and the Azure realization read this one answer.
 */
import type { AzurePolicyDefaultValues } from './azure-policy-defaults';
import type { AzurePolicyDefinition } from './catalog';

export function filledParameterNames(defaults: AzurePolicyDefaultValues): string[] {
  return defaults.defaults.map((d) => d.parameter.name);
}

/** Parameters of a definition that have no default and that vend does not fill. */
export function unfilledParameters(definition: Pick<AzurePolicyDefinition, 'properties'>, defaults: AzurePolicyDefaultValues): string[] {
  const filled = new Set(filledParameterNames(defaults));
  const declared = (definition.properties.parameters ?? {}) as Record<string, { defaultValue?: unknown } | undefined>;
  return Object.entries(declared)
    .filter(([name, param]) => !filled.has(name) && param?.defaultValue === undefined)
    .map(([name]) => name);
}

export function unfilledParameterMessage(name: string, defaults: AzurePolicyDefaultValues): string {
  return (
    `parameter '${name}' has no defaultValue and vend does not fill it ` +
    `(policies/azure/policy-default-values.json fills ${filledParameterNames(defaults).join(', ')}); add a defaultValue or a default value entry`
  );
}
