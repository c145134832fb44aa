/**
 * Structural validation of Azure Policy definitions, run by `vend validate` and again before synth: a policy rule
 * is `{ if, then }`, every condition uses one known operator, logical operators hold conditions,
 * the effect is a known one (or a declared parameter whose allowed values are all known effects),
 * every `parameters('x')` the rule uses is declared, and deployIfNotExists / modify effects say which
 * roles their managed identity needs. Pure: returns findings, never throws.
 */
import type { AzurePolicyDefinition } from './catalog';

export const KNOWN_EFFECTS = [
  'Append',
  'Audit',
  'AuditIfNotExists',
  'Deny',
  'DenyAction',
  'DeployIfNotExists',
  'Disabled',
  'Manual',
  'Modify',
] as const;

export const POLICY_MODES = ['All', 'Indexed'] as const;

const CONDITION_OPERATORS = [
  'equals', 'notEquals', 'like', 'notLike', 'match', 'matchInsensitively', 'notMatch', 'notMatchInsensitively',
  'contains', 'notContains', 'in', 'notIn', 'containsKey', 'notContainsKey', 'less', 'lessOrEquals', 'greater',
  'greaterOrEquals', 'exists',
];
const CONDITION_SUBJECTS = ['field', 'value', 'count'];
const PARAMETER_TYPES = ['String', 'Array', 'Object', 'Boolean', 'Integer', 'Float', 'DateTime'];
/** Effects whose identity remediates, so the definition must list roleDefinitionIds. */
const REMEDIATING = new Set(['deployifnotexists', 'modify']);

export interface PolicyFinding {
  readonly definition: string;
  /** JSON path inside `properties`, e.g. `policyRule.if.allOf[1]`. */
  readonly path: string;
  readonly message: string;
}

export function validatePolicyDefinition(def: Pick<AzurePolicyDefinition, 'name' | 'properties'>): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const add = (path: string, message: string) => findings.push({ definition: def.name, path, message });
  const p = def.properties as unknown as Record<string, unknown>;
  if (!POLICY_MODES.includes(p.mode as never)) add('mode', `mode '${String(p.mode)}' is not one of ${POLICY_MODES.join(', ')}`);
  const parameters = (p.parameters ?? {}) as Record<string, { type?: string; allowedValues?: unknown[]; defaultValue?: unknown }>;
  if (typeof parameters !== 'object' || Array.isArray(parameters)) add('parameters', 'parameters must be an object');
  for (const [name, param] of Object.entries(parameters)) {
    if (!param || !PARAMETER_TYPES.includes(param.type ?? '')) add(`parameters.${name}.type`, `type must be one of ${PARAMETER_TYPES.join(', ')}`);
  }
  const rule = p.policyRule as Record<string, unknown> | undefined;
  if (!rule || typeof rule !== 'object') {
    add('policyRule', 'policyRule must be an object');
    return findings;
  }
  const extra = Object.keys(rule).filter((k) => k !== 'if' && k !== 'then');
  if (extra.length) add('policyRule', `unexpected keys ${extra.join(', ')}; a rule has only "if" and "then"`);
  if (rule.if === undefined) add('policyRule.if', 'missing "if"');
  else checkCondition(rule.if, 'policyRule.if', add);
  const then = rule.then as Record<string, unknown> | undefined;
  if (!then || typeof then !== 'object') add('policyRule.then', 'missing "then"');
  else {
    const effects = effectValues(then.effect, parameters, 'policyRule.then.effect', add);
    const needsRoles = effects.some((e) => REMEDIATING.has(e.toLowerCase()));
    const needsDetails = effects.some((e) => ['auditifnotexists', 'deployifnotexists', 'modify', 'append', 'denyaction'].includes(e.toLowerCase()));
    const details = then.details as Record<string, unknown> | undefined;
    if (needsDetails && (!details || typeof details !== 'object')) add('policyRule.then.details', `effect ${effects.join('/')} needs "details"`);
    if (needsRoles && details) {
      const roles = details.roleDefinitionIds;
      if (!Array.isArray(roles) || roles.length === 0) add('policyRule.then.details.roleDefinitionIds', 'a remediating effect must list the roles its managed identity needs');
      else roles.forEach((r, i) => {
        if (typeof r !== 'string' || !/^\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/.test(r)) {
          add(`policyRule.then.details.roleDefinitionIds[${i}]`, `'${String(r)}' is not a built-in role definition id`);
        }
      });
      if (effects.some((e) => e.toLowerCase() === 'deployifnotexists') && !details.deployment) {
        add('policyRule.then.details.deployment', 'deployIfNotExists needs a "deployment"');
      }
      if (effects.some((e) => e.toLowerCase() === 'deployifnotexists' || e.toLowerCase() === 'auditifnotexists') && typeof details.type !== 'string') {
        add('policyRule.then.details.type', 'ifNotExists effects need the related resource "type"');
      }
    }
  }
  // Every parameters('x') anywhere in the rule is declared. (Deployment templates declare and use
  // their own parameters; those are checked against the template's declaration.)
  for (const used of parameterReferences(rule, ['then', 'details', 'deployment', 'properties', 'template'])) {
    if (!(used in parameters)) add('policyRule', `uses parameters('${used}'), which is not declared`);
  }
  const template = (then?.details as { deployment?: { properties?: { template?: { parameters?: Record<string, unknown> } } } } | undefined)
    ?.deployment?.properties?.template;
  if (template) {
    for (const used of parameterReferences(template, [])) {
      if (!(used in (template.parameters ?? {}))) add('policyRule.then.details.deployment.properties.template', `template uses parameters('${used}'), which it does not declare`);
    }
  }
  return findings;
}

function checkCondition(node: unknown, path: string, add: (path: string, message: string) => void): void {
  if (!node || typeof node !== 'object' || Array.isArray(node)) {
    add(path, 'a condition must be an object');
    return;
  }
  const c = node as Record<string, unknown>;
  const logical = ['allOf', 'anyOf', 'not'].filter((k) => k in c);
  if (logical.length) {
    if (Object.keys(c).length !== 1) add(path, `a logical operator (${logical[0]}) stands alone in its object`);
    if ('not' in c) checkCondition(c.not, `${path}.not`, add);
    for (const op of ['allOf', 'anyOf'] as const) {
      if (!(op in c)) continue;
      const list = c[op];
      if (!Array.isArray(list) || list.length === 0) add(`${path}.${op}`, `${op} must be a non-empty list of conditions`);
      else list.forEach((child, i) => checkCondition(child, `${path}.${op}[${i}]`, add));
    }
    return;
  }
  const subjects = CONDITION_SUBJECTS.filter((k) => k in c);
  if (subjects.length !== 1) {
    add(path, `a condition names exactly one of ${CONDITION_SUBJECTS.join(', ')} (found ${subjects.join(', ') || 'none'})`);
    return;
  }
  if (subjects[0] === 'count') {
    const count = c.count as Record<string, unknown>;
    if (!count || typeof count !== 'object' || (typeof count.field !== 'string' && count.value === undefined)) add(`${path}.count`, 'count needs "field" or "value"');
    else if (count.where !== undefined) checkCondition(count.where, `${path}.count.where`, add);
  }
  const operators = Object.keys(c).filter((k) => k !== subjects[0]);
  if (operators.length !== 1 || !CONDITION_OPERATORS.includes(operators[0])) {
    add(path, `a condition has exactly one operator of ${CONDITION_OPERATORS.join(', ')} (found ${operators.join(', ') || 'none'})`);
  }
}

function effectValues(
  effect: unknown,
  parameters: Record<string, { allowedValues?: unknown[]; defaultValue?: unknown }>,
  path: string,
  add: (path: string, message: string) => void,
): string[] {
  if (typeof effect !== 'string') {
    add(path, 'effect must be a string');
    return [];
  }
  const param = /^\[parameters\('([^']+)'\)\]$/.exec(effect);
  if (!param) {
    if (!isKnownEffect(effect)) add(path, `unknown effect '${effect}' (known: ${KNOWN_EFFECTS.join(', ')})`);
    return [effect];
  }
  const declared = parameters[param[1]];
  if (!declared) {
    add(path, `effect parameter '${param[1]}' is not declared`);
    return [];
  }
  const allowed = (declared.allowedValues ?? []) as string[];
  if (!allowed.length) add(`parameters.${param[1]}.allowedValues`, 'an effect parameter must list its allowedValues');
  for (const value of allowed) if (!isKnownEffect(value)) add(`parameters.${param[1]}.allowedValues`, `unknown effect '${value}'`);
  if (declared.defaultValue !== undefined && !allowed.includes(declared.defaultValue as string)) {
    add(`parameters.${param[1]}.defaultValue`, `default '${String(declared.defaultValue)}' is not among the allowed values`);
  }
  return allowed;
}

/**
 * The effect an assignment gets when it passes no effect parameter: the literal effect, or the
 * default of the effect parameter. `undefined` when the parameter has no default.
 */
export function defaultEffect(def: Pick<AzurePolicyDefinition, 'properties'>): string | undefined {
  const effect = def.properties.policyRule.then.effect;
  const param = /^\[parameters\('([^']+)'\)\]$/.exec(effect);
  if (!param) return effect;
  const declared = ((def.properties.parameters ?? {}) as Record<string, { defaultValue?: unknown }>)[param[1]];
  return typeof declared?.defaultValue === 'string' ? declared.defaultValue : undefined;
}

function isKnownEffect(effect: string): boolean {
  return KNOWN_EFFECTS.some((known) => known.toLowerCase() === effect.toLowerCase());
}

/** Names used in `parameters('x')` expressions, skipping the subtree at `skip` (a key path). */
function parameterReferences(value: unknown, skip: readonly string[]): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown, path: string[]) => {
    if (skip.length && path.length === skip.length && path.every((p, i) => p === skip[i])) return;
    if (typeof v === 'string') {
      for (const m of v.matchAll(/parameters\('([^']+)'\)/g)) found.add(m[1]);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, path));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  return found;
}
