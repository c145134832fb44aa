/**
 * The ARM template language expressions Azure Policy evaluates inside policy rules (`"[...]"`
 * strings): function calls with string, number and boolean literals, property access (`.name`) and
 * indexing (`[0]`). Only the functions vend's rules use are implemented; any other is an error, so
 * a rule the evaluator does not understand can never pass silently.
 * Syntax: learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions
 * (a leading `[[` escapes a literal `[`; `''` escapes a quote inside a string literal).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How the expression reaches the world: the functions that depend on the evaluation context. */
export interface ExpressionScope {
  parameter(name: string): Json;
  field(name: string): Json;
  current(name?: string): Json;
  subscription(): { readonly id: string; readonly subscriptionId: string };
  resourceGroup(): { readonly id: string; readonly name: string } | undefined;
  requestContext(): { readonly apiVersion: string };
}

type Node =
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: 'member'; readonly target: Node; readonly key: Node };

/** True when a string is a template expression (and not an escaped `[[` literal). */
export function isExpression(text: string): boolean {
  return text.startsWith('[') && !text.startsWith('[[') && text.endsWith(']');
}

/** Evaluates `value` if it is an expression string, else returns it (unescaping `[[`). */
export function evaluateValue(value: Json, scope: ExpressionScope): Json {
  if (typeof value !== 'string') return value;
  if (value.startsWith('[[')) return value.slice(1);
  if (!isExpression(value)) return value;
  return evaluateNode(parseExpression(value.slice(1, -1)), scope);
}

export function parseExpression(source: string): Node {
  const parser = new Parser(source);
  const node = parser.expression();
  parser.skipSpace();
  if (!parser.done()) throw new Error(`unexpected '${source.slice(parser.pos)}' in expression [${source}]`);
  return node;
}

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}
  done(): boolean {
    return this.pos >= this.src.length;
  }
  skipSpace(): void {
    while (!this.done() && /\s/.test(this.src[this.pos])) this.pos++;
  }
  expression(): Node {
    this.skipSpace();
    let node = this.primary();
    for (;;) {
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === '.') {
        this.pos++;
        node = { kind: 'member', target: node, key: { kind: 'literal', value: this.identifier() } };
      } else if (c === '[') {
        this.pos++;
        const key = this.expression();
        this.expect(']');
        node = { kind: 'member', target: node, key };
      } else return node;
    }
  }
  private primary(): Node {
    const c = this.src[this.pos];
    if (c === "'") return { kind: 'literal', value: this.string() };
    if (/[-0-9]/.test(c)) return { kind: 'literal', value: this.number() };
    const name = this.identifier();
    this.skipSpace();
    if (this.src[this.pos] !== '(') {
      if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
      if (name === 'null') return { kind: 'literal', value: null };
      throw new Error(`'${name}' is not a function call in expression [${this.src}]`);
    }
    this.pos++;
    const args: Node[] = [];
    this.skipSpace();
    if (this.src[this.pos] === ')') this.pos++;
    else {
      for (;;) {
        args.push(this.expression());
        this.skipSpace();
        if (this.src[this.pos] === ',') this.pos++;
        else {
          this.expect(')');
          break;
        }
      }
    }
    return { kind: 'call', name: name.toLowerCase(), args };
  }
  private identifier(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) throw new Error(`expected a name at '${this.src.slice(this.pos)}' in expression [${this.src}]`);
    this.pos += m[0].length;
    return m[0];
  }
  private string(): string {
    let out = '';
    this.pos++;
    for (;;) {
      if (this.done()) throw new Error(`unterminated string in expression [${this.src}]`);
      const c = this.src[this.pos++];
      if (c !== "'") out += c;
      else if (this.src[this.pos] === "'") {
        out += "'";
        this.pos++;
      } else return out;
    }
  }
  private number(): number {
    const m = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.pos));
    if (!m) throw new Error(`bad number in expression [${this.src}]`);
    this.pos += m[0].length;
    return Number(m[0]);
  }
  private expect(c: string): void {
    this.skipSpace();
    if (this.src[this.pos] !== c) throw new Error(`expected '${c}' at '${this.src.slice(this.pos)}' in expression [${this.src}]`);
    this.pos++;
  }
}

function evaluateNode(node: Node, scope: ExpressionScope): Json {
  if (node.kind === 'literal') return node.value;
  if (node.kind === 'member') return member(evaluateNode(node.target, scope), evaluateNode(node.key, scope));
  const args = () => node.args.map((a) => evaluateNode(a, scope));
  const fn = FUNCTIONS[node.name];
  if (fn) return fn(args(), scope);
  throw new Error(`the evaluator does not implement the template function ${node.name}()`);
}

function member(target: Json, key: Json): Json {
  if (Array.isArray(target) && typeof key === 'number') {
    if (key < 0 || key >= target.length) throw new Error(`index ${key} is outside an array of ${target.length}`);
    return target[key];
  }
  if (target && typeof target === 'object' && !Array.isArray(target) && typeof key === 'string') {
    const found = Object.keys(target).find((k) => k.toLowerCase() === key.toLowerCase());
    if (found === undefined) throw new Error(`the object has no property '${key}'`);
    return target[found];
  }
  throw new Error(`cannot read ${JSON.stringify(key)} of ${JSON.stringify(target)}`);
}

const str = (v: Json, fn: string): string => {
  if (typeof v !== 'string') throw new Error(`${fn}() expects a string, got ${JSON.stringify(v)}`);
  return v;
};

/** Template functions, by lower-case name (ARM template function reference pages). */
const FUNCTIONS: Record<string, (args: Json[], scope: ExpressionScope) => Json> = {
  parameters: ([name], scope) => scope.parameter(str(name, 'parameters')),
  concat: (args) => (args.every(Array.isArray) ? (args as Json[][]).flat() : args.map((a) => (a === null ? '' : String(a))).join('')),
  first: ([v]) => (typeof v === 'string' ? v.slice(0, 1) : Array.isArray(v) ? (v[0] ?? null) : null),
  last: ([v]) => (typeof v === 'string' ? v.slice(-1) : Array.isArray(v) ? (v[v.length - 1] ?? null) : null),
  split: ([s, sep]) => str(s, 'split').split(str(sep, 'split')),
  length: ([v]) => (typeof v === 'string' || Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  tolower: ([s]) => str(s, 'toLower').toLowerCase(),
  toupper: ([s]) => str(s, 'toUpper').toUpperCase(),
  empty: ([v]) => v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0),
  equals: ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
  not: ([v]) => !v,
  and: (args) => args.every(Boolean),
  or: (args) => args.some(Boolean),
  if: ([c, a, b]) => (c ? a : b),
  contains: ([c, v]) => (typeof c === 'string' ? c.toLowerCase().includes(String(v).toLowerCase()) : Array.isArray(c) ? c.some((x) => JSON.stringify(x) === JSON.stringify(v)) : false),
  tryget: ([o, k]) => (o && typeof o === 'object' && !Array.isArray(o) && typeof k === 'string' ? (o[k] ?? null) : null),
  // Functions bound to the evaluation context.
  field: ([name], scope) => scope.field(str(name, 'field')),
  current: ([name], scope) => scope.current(name === undefined ? undefined : str(name, 'current')),
  subscription: (_args, scope) => ({ ...scope.subscription() }),
  resourcegroup: (_args, scope) => {
    const rg = scope.resourceGroup();
    if (!rg) throw new Error('resourceGroup() is not available for a resource outside a resource group');
    return { ...rg };
  },
  requestcontext: (_args, scope) => ({ ...scope.requestContext() }),
};
