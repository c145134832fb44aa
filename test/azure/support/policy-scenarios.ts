/**
 * Evaluates the Azure Policy scenarios beside each policy against the definitions, initiatives and
 * assignments exactly as the tenant stack synthesized them (cdk.tf.json), for the management groups
 * above the scenario's hierarchy node. Terraform references to subscription ids are replaced by a
 * fixed id per unit, so parameter values that name Azure resources (the PoP Private Link Services,
 * the Central workspace) can be compared with what a request carries.
 */
import { logAnalyticsWorkspaceId, privateLinkServiceId, stableGuid, TENANT_STACK } from '../../../lib/azure';
import { azurePolicyEval, type Diagnostic, type LoadedScenarioFile } from '../../../lib/model';
import { resources, type Synthesized, type TfJson } from './synth';

type Json = azurePolicyEval.Json;
type Outcome = azurePolicyEval.Outcome;

export interface ScenarioResult {
  /** `file:line: scenarios[i] 'name'` */
  readonly where: string;
  readonly expected: string;
  readonly actual: string;
}

/** The subscription a scenario's request comes from. */
export const REQUEST_SUBSCRIPTION = stableGuid('scenario/request');

export function fakeSubscription(unit: string): string {
  return stableGuid(`scenario/${unit}`);
}

interface Realized {
  readonly definitions: Map<string, { logical: string; parameters: Record<string, { defaultValue?: Json }>; policyRule: azurePolicyEval.PolicyDefinitionBody['policyRule'] }>;
  readonly sets: Map<string, Array<{ definition: string; parameterValues: Record<string, { value: Json }> }>>;
  readonly assignments: Array<{ managementGroup: string; set: string; parameters: Record<string, { value: Json }> }>;
}

/** The tenant stack's policy objects, with subscription references resolved to fixed ids. */
export function realizedPolicies(out: Synthesized): Realized {
  const raw = out.text.get(TENANT_STACK)!;
  const parsed = JSON.parse(raw) as TfJson;
  const unitOfAlias = new Map(resources(parsed, 'azapi_resource').map(([logical, r]) => [logical, out.model.units.find((u) => u.identity === r.name)?.name ?? '?']));
  const resolved = raw.replace(/\$\{azapi_resource\.(\w+)\.output\.properties\.subscriptionId\}/g, (_m, logical: string) => fakeSubscription(unitOfAlias.get(logical)!));
  const tenant = JSON.parse(resolved) as TfJson;
  const mgName = new Map(resources(tenant, 'azurerm_management_group').map(([logical, mg]) => [`\${azurerm_management_group.${logical}.id}`, String(mg.name)]));
  const definitions: Realized['definitions'] = new Map();
  const byId = new Map<string, string>();
  for (const [logical, d] of resources(tenant, 'azurerm_policy_definition')) {
    definitions.set(String(d.name), { logical, parameters: JSON.parse(String(d.parameters)), policyRule: JSON.parse(String(d.policy_rule)) });
    byId.set(`\${azurerm_policy_definition.${logical}.id}`, String(d.name));
  }
  const sets: Realized['sets'] = new Map();
  for (const [logical, s] of resources(tenant, 'azurerm_management_group_policy_set_definition')) {
    const refs = s.policy_definition_reference as Array<{ policy_definition_id: string; parameter_values: string }>;
    sets.set(`\${azurerm_management_group_policy_set_definition.${logical}.id}`, refs.map((r) => ({ definition: byId.get(r.policy_definition_id)!, parameterValues: JSON.parse(r.parameter_values) })));
  }
  const assignments = resources(tenant, 'azurerm_management_group_policy_assignment').map(([, a]) => ({
    managementGroup: mgName.get(String(a.management_group_id))!,
    set: String(a.policy_definition_id),
    parameters: a.parameters ? JSON.parse(String(a.parameters)) : {},
  }));
  return { definitions, sets, assignments };
}

/** Strongest first: the effect a request meets when several assignments apply. */
const PRECEDENCE: readonly Outcome[] = ['Deny', 'DenyAction', 'DeployIfNotExists', 'AuditIfNotExists', 'Modify', 'Append', 'Audit', 'None'];

export function evaluateScenarios(out: Synthesized, files: readonly LoadedScenarioFile[], aliases: azurePolicyEval.AliasTable, realized = realizedPolicies(out)): ScenarioResult[] {
  const results: ScenarioResult[] = [];
  for (const file of files) {
    const definition = realized.definitions.get(`vend-${file.spec.policy}`);
    file.spec.scenarios.forEach((scenario, i) => {
      const at = (message: string): Diagnostic => file.source.at(['scenarios', i, 'expect'], 'scenario', message);
      const where = (d: Diagnostic) => `${d.file}:${d.line}: scenarios[${i}] '${scenario.name}'`;
      let actual: string;
      try {
        if (!definition) throw new Error(`policy ${file.spec.policy} is not in the tenant stack`);
        actual = outcomeAt(out, realized, file.spec.policy, definition, scenario, aliases);
      } catch (err) {
        actual = `error: ${(err as Error).message}`;
      }
      results.push({ where: where(at('')), expected: scenario.expect, actual });
    });
  }
  return results;
}

function outcomeAt(
  out: Synthesized,
  realized: Realized,
  policy: string,
  definition: NonNullable<ReturnType<Realized['definitions']['get']>>,
  scenario: LoadedScenarioFile['spec']['scenarios'][number],
  aliases: azurePolicyEval.AliasTable,
): Outcome {
  const groups = new Set(out.model.hierarchy.ancestry(scenario.at).map((n) => n.azure.id));
  const outcomes: Outcome[] = [];
  for (const assignment of realized.assignments.filter((a) => groups.has(a.managementGroup))) {
    for (const ref of realized.sets.get(assignment.set) ?? []) {
      if (ref.definition !== `vend-${policy}`) continue;
      const parameters = Object.fromEntries(
        Object.entries(ref.parameterValues).map(([name, { value }]) => {
          const passed = typeof value === 'string' ? /^\[parameters\('([^']+)'\)\]$/.exec(value)?.[1] : undefined;
          return [name, passed ? assignment.parameters[passed].value : value];
        }),
      );
      const request = azurePolicyEval.policyRequest(requestInput(out, scenario.request, scenario.operation));
      const related = (scenario.related ?? []).map((r) => requestInput(out, r));
      outcomes.push(azurePolicyEval.evaluatePolicy({ definition, parameters, request, related, aliases }).outcome);
    }
  }
  if (!outcomes.length) throw new Error(`${policy} is not assigned at or above ${scenario.at}`);
  return PRECEDENCE.find((o) => outcomes.includes(o))!;
}

type ResourceSpec = LoadedScenarioFile['spec']['scenarios'][number]['request'];

function requestInput(out: Synthesized, resource: ResourceSpec, operation?: 'PUT' | 'DELETE'): azurePolicyEval.RequestInput {
  const filled = substitute(out, resource) as ResourceSpec;
  const { resourceGroup, ...rest } = filled;
  const atSubscription = /^Microsoft\.Resources\/subscriptions$/i.test(filled.type) || /^Microsoft\.(Security\/pricings|Insights\/diagnosticSettings)$/i.test(filled.type);
  return { ...(rest as object), type: filled.type, name: filled.name, properties: filled.properties as Json, operation, subscriptionId: REQUEST_SUBSCRIPTION, resourceGroup: resourceGroup ?? (atSubscription ? undefined : 'rg-workload') };
}

/** Replaces the scenario placeholders with the ids the realization uses. */
function substitute(out: Synthesized, value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{([a-z-]+)\}\}/g, (_m, name: string) => placeholder(out, name));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(out, v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(out, v)]));
  return value;
}

function placeholder(out: Synthesized, name: string): string {
  const azure = out.model.units.filter((u) => u.cloud === 'azure' && u.lifecycle === 'active');
  switch (name) {
    case 'subscription':
      return REQUEST_SUBSCRIPTION;
    case 'pop-private-link-service': {
      const pop = azure.find((u) => u.kind === 'PoP')!;
      return privateLinkServiceId(fakeSubscription(pop.name), pop);
    }
    case 'central-workspace': {
      const central = azure.find((u) => u.kind === 'Central')!;
      return logAnalyticsWorkspaceId(fakeSubscription(central.name), central);
    }
    default:
      throw new Error(`unknown scenario placeholder {{${name}}}`);
  }
}
