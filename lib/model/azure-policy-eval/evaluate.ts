/**
 * Evaluates one Azure Policy definition against one request: the `if` condition (logical
 * operators, field / value / count conditions), then the effect, with the request-kind rules of
 * each effect vend uses:
 *  - deny, audit, append, modify act on create/update requests (effect-deny.md: "When creating or
 *    updating a matched resource, deny prevents the request"); a DELETE never meets them;
 *  - denyAction acts only on the actions it names, and only `delete` exists (effect-deny-action.md);
 *  - auditIfNotExists / deployIfNotExists are compliant when a related resource of `details.type`
 *    (and `details.name`, when given) satisfies `existenceCondition` (effect-deploy-if-not-exists.md);
 *  - disabled does nothing.
 * (All under learn.microsoft.com/azure/governance/policy/concepts/.) `mode` is not modelled: every
 * request is evaluated whether or not its type supports tags and location.
 */
import type { AliasTable } from './aliases';
import { evaluateValue, type ExpressionScope, type Json } from './expression';
import { fieldFunction, selectField, type CountBinding } from './fields';
import { applyOperator, isOperator, type Operator } from './operators';
import { policyRequest, type PolicyRequest, type RequestInput } from './request';

export const OUTCOMES = ['Deny', 'DenyAction', 'DeployIfNotExists', 'AuditIfNotExists', 'Modify', 'Append', 'Audit', 'None'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface PolicyDefinitionBody {
  readonly parameters?: Readonly<Record<string, { readonly defaultValue?: unknown }>>;
  readonly policyRule: { readonly if: unknown; readonly then: { readonly effect: string; readonly details?: unknown } };
}

export interface EvaluationInput {
  readonly definition: PolicyDefinitionBody;
  /** Values the assignment (through its initiative) passes; others take their defaultValue. */
  readonly parameters?: Readonly<Record<string, Json>>;
  readonly request: PolicyRequest;
  /** Existing resources the ifNotExists effects look for. @default none */
  readonly related?: readonly RequestInput[];
  readonly aliases: AliasTable;
}

export interface Evaluation {
  readonly outcome: Outcome;
  /** Whether the `if` condition matched. */
  readonly matched: boolean;
  readonly effect: string;
}

export function evaluatePolicy(input: EvaluationInput): Evaluation {
  const { definition, request } = input;
  const parameter = parameterLookup(definition, input.parameters ?? {});
  const ctx = new Context(request, input.aliases, parameter);
  const effect = canonicalEffect(String(ctx.value(definition.policyRule.then.effect as Json)));
  const matched = ctx.condition(definition.policyRule.if);
  return { outcome: matched ? outcomeOf(effect, input, ctx) : 'None', matched, effect };
}

function outcomeOf(effect: string, input: EvaluationInput, ctx: Context): Outcome {
  const { request } = input;
  const details = (input.definition.policyRule.then.details ?? {}) as Record<string, unknown>;
  switch (effect) {
    case 'Disabled':
      return 'None';
    case 'DenyAction': {
      const actions = ((details.actionNames as string[] | undefined) ?? []).map((a) => a.toLowerCase());
      return request.operation === 'DELETE' && actions.includes('delete') ? 'DenyAction' : 'None';
    }
    case 'Deny':
    case 'Audit':
    case 'Modify':
    case 'Append':
      return request.operation === 'PUT' ? effect : 'None';
    case 'DeployIfNotExists':
    case 'AuditIfNotExists':
      return request.operation === 'PUT' && !relatedExists(details, input, ctx) ? effect : 'None';
    default:
      throw new Error(`the evaluator does not model the ${effect} effect`);
  }
}

function relatedExists(details: Record<string, unknown>, input: EvaluationInput, ctx: Context): boolean {
  const type = String(details.type ?? '');
  const name = details.name === undefined ? undefined : String(ctx.value(details.name as Json)).toLowerCase();
  return (input.related ?? []).some((r) => {
    if (r.type.toLowerCase() !== type.toLowerCase()) return false;
    if (name !== undefined && r.name.split('/').pop()!.toLowerCase() !== name) return false;
    if (details.existenceCondition === undefined) return true;
    // In existenceCondition, `field` conditions read the related resource; `field()` in values the evaluated one.
    const related = new Context(policyRequest(r), input.aliases, ctx.parameter, ctx);
    return related.condition(details.existenceCondition);
  });
}

const EFFECT_NAMES = ['Deny', 'DenyAction', 'DeployIfNotExists', 'AuditIfNotExists', 'Modify', 'Append', 'Audit', 'Disabled', 'Manual'];

function canonicalEffect(effect: string): string {
  const found = EFFECT_NAMES.find((e) => e.toLowerCase() === effect.toLowerCase());
  if (!found) throw new Error(`unknown effect '${effect}'`);
  return found;
}

function parameterLookup(definition: PolicyDefinitionBody, values: Readonly<Record<string, Json>>): (name: string) => Json {
  return (name) => {
    const given = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
    if (given !== undefined) return values[given];
    const declared = Object.entries(definition.parameters ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (!declared) throw new Error(`parameters('${name}') is not declared`);
    if (declared[1].defaultValue === undefined) throw new Error(`parameter '${name}' has no value and no defaultValue`);
    return declared[1].defaultValue as Json;
  };
}

/** Evaluation state: the request, the parameters, and the counts in progress. */
class Context {
  constructor(
    readonly request: PolicyRequest,
    readonly aliases: AliasTable,
    readonly parameter: (name: string) => Json,
    /** For existenceCondition: where `field()` reads (the resource the `if` matched). */
    private readonly outer?: Context,
    private readonly bindings: readonly CountBinding[] = [],
    private readonly currents: ReadonlyMap<string, Json> = new Map(),
  ) {}

  value(v: Json): Json {
    return evaluateValue(v, this.scope());
  }

  condition(node: unknown): boolean {
    if (!node || typeof node !== 'object' || Array.isArray(node)) throw new Error(`a condition must be an object, not ${JSON.stringify(node)}`);
    const c = node as Record<string, unknown>;
    if ('allOf' in c) return (c.allOf as unknown[]).every((x) => this.condition(x));
    if ('anyOf' in c) return (c.anyOf as unknown[]).some((x) => this.condition(x));
    if ('not' in c) return !this.condition(c.not);
    const op = Object.keys(c).find(isOperator);
    if (!op) throw new Error(`condition ${JSON.stringify(c)} has no operator`);
    const target = this.value(c[op] as Json);
    if ('count' in c) return applyOperator(op, this.count(c.count as Record<string, unknown>), target);
    if ('value' in c) return applyOperator(op, this.value(c.value as Json), target);
    if ('field' in c) return this.fieldCondition(String(this.value(c.field as Json)), op, target);
    throw new Error(`condition ${JSON.stringify(c)} names no field, value or count`);
  }

  private fieldCondition(field: string, op: Operator, target: Json): boolean {
    const selected = selectField(field, this.request, this.aliases, this.bindings);
    if (selected.kind === 'value') return applyOperator(op, selected.value, target);
    // A [*] alias: every selected member must meet the condition (logical and between members).
    return selected.values.every((v) => applyOperator(op, v, target));
  }

  private count(spec: Record<string, unknown>): number {
    if (typeof spec.field === 'string') {
      const entry = this.aliases.get(spec.field);
      if (!entry) throw new Error(`unknown alias '${spec.field}' in count: add it to policies/azure/aliases.json`);
      if (!entry.path.endsWith('[*]')) throw new Error(`count.field '${spec.field}' must be a [*] alias`);
      const selected = selectField(spec.field, this.request, this.aliases, this.bindings);
      const members = selected.kind === 'collection' ? selected.values : [];
      if (spec.where === undefined) return members.length;
      return members.filter((m) => this.with([...this.bindings, { entry, member: m }], this.currents).condition(spec.where)).length;
    }
    const values = this.value(spec.value as Json);
    if (!Array.isArray(values)) throw new Error(`count.value must be an array, got ${JSON.stringify(values)}`);
    if (spec.where === undefined) return values.length;
    const name = String(spec.name ?? 'default');
    return values.filter((v) => this.with(this.bindings, new Map([...this.currents, [name, v]])).condition(spec.where)).length;
  }

  private with(bindings: readonly CountBinding[], currents: ReadonlyMap<string, Json>): Context {
    return new Context(this.request, this.aliases, this.parameter, this.outer, bindings, currents);
  }

  private scope(): ExpressionScope {
    const fieldSource = this.outer ?? this;
    const sub = this.request.subscriptionId;
    return {
      parameter: this.parameter,
      field: (name) => fieldFunction(name, fieldSource.request, fieldSource.aliases, fieldSource.bindings),
      current: (name) => this.current(name),
      subscription: () => ({ id: `/subscriptions/${sub}`, subscriptionId: sub }),
      resourceGroup: () => (this.request.resourceGroup ? { id: `/subscriptions/${sub}/resourceGroups/${this.request.resourceGroup}`, name: this.request.resourceGroup } : undefined),
      requestContext: () => ({ apiVersion: this.request.apiVersion }),
    };
  }

  private current(name?: string): Json {
    if (name === undefined) {
      if (this.currents.size === 1) return [...this.currents.values()][0];
      const last = this.bindings[this.bindings.length - 1];
      if (last && this.currents.size === 0) return last.member ?? null;
      throw new Error('current() without a name is ambiguous here');
    }
    if (this.currents.has(name)) return this.currents.get(name)!;
    const binding = [...this.bindings].reverse().find((b) => name.toLowerCase().startsWith(b.entry.alias.toLowerCase()));
    if (!binding) throw new Error(`current('${name}') is not inside a count over it`);
    const member = fieldFunction(name, this.request, this.aliases, this.bindings);
    return Array.isArray(member) && member.length === 1 ? member[0] : member;
  }
}
