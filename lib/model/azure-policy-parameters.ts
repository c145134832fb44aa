/**
 * The Azure Policy parameters vend fills in itself when it assigns a control. Any other parameter a
 * definition declares must carry a `defaultValue`, or the assignment would be created without a
 * value and Azure rejects it ("The policy parameter '…' is missing"; parameters without a default
 * are required at assignment: learn.microsoft.com/azure/governance/policy/concepts/definition-structure-parameters).
 * `vend validate` (rules/policy-parameters.ts) and the Azure realization read this one list.
 */
import type { AzurePolicyDefinition } from './catalog';

/** Filled from the catalog: the organization's locations and the Central workspace. */
export const FILLED_POLICY_PARAMETERS = ['listOfAllowedLocations', 'logAnalyticsWorkspaceId'] as const;
export type FilledPolicyParameter = (typeof FILLED_POLICY_PARAMETERS)[number];
/** Fanned out: the initiative references the definition once per Defender plan. */
export const FAN_OUT_POLICY_PARAMETER = 'pricingName';

export function isFilledParameter(name: string): boolean {
  return (FILLED_POLICY_PARAMETERS as readonly string[]).includes(name) || name === FAN_OUT_POLICY_PARAMETER;
}

/** Parameters of a definition that have no default and that vend does not fill. */
export function unfilledParameters(definition: Pick<AzurePolicyDefinition, 'properties'>): string[] {
  const declared = (definition.properties.parameters ?? {}) as Record<string, { defaultValue?: unknown } | undefined>;
  return Object.entries(declared)
    .filter(([name, param]) => !isFilledParameter(name) && param?.defaultValue === undefined)
    .map(([name]) => name);
}

export function unfilledParameterMessage(name: string): string {
  return `parameter '${name}' has no defaultValue and vend does not fill it (it fills ${[...FILLED_POLICY_PARAMETERS, FAN_OUT_POLICY_PARAMETER].join(', ')}); add a defaultValue`;
}
