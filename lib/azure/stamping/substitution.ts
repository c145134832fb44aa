/**
 * Turns one unit's stack JSON into another's of the same shape (unit-variables.ts): every string
 * and object key has the first unit's variable values replaced by the second's in one pass
 * (longest value first at each position, so `space-1` never matches inside `space-10`, and
 * replaced text is never scanned again), and every `tags` object equal to the first unit's tags
 * becomes the second unit's tags.
 */
import { CompiledJson, type Variability } from './compiled-json';
import { terraformJson, type Rewrite } from './terraform-json';
import type { StampVariable } from './unit-variables';

/** Characters that JSON or an HCL expression would escape: a value holding one is never substituted. */
const ESCAPED = /["\\\u0000-\u001f\u2028\u2029$]/;

/** Layouts of the JSON written through substitutions, per JSON object and `signature()`. */
const LAYOUTS = new WeakMap<object, Map<string, CompiledJson>>();

export class Substitution {
  /**
   * The substitution from `from`'s values to `to`'s, or the reason there is none (the two lists
   * do not pair up, a value would need escaping, or one value would have to become two).
   */
  static between(
    from: { readonly variables: readonly StampVariable[]; readonly tags: Readonly<Record<string, string>> },
    to: { readonly variables: readonly StampVariable[]; readonly tags: Readonly<Record<string, string>> },
  ): Substitution | string {
    if (from.variables.length !== to.variables.length) return 'the units have different variables';
    const whole = new Map<string, string>();
    const within = new Map<string, string>();
    for (let i = 0; i < from.variables.length; i++) {
      const [a, b] = [from.variables[i], to.variables[i]];
      if (a.key !== b.key || a.match !== b.match) return `variable ${a.key} does not pair with ${b.key}`;
      if (!a.value || ESCAPED.test(a.value) || ESCAPED.test(b.value)) return `variable ${a.key} is empty or holds a character JSON would escape`;
      const map = a.match === 'whole' ? whole : within;
      const earlier = map.get(a.value);
      if (earlier !== undefined && earlier !== b.value) return `variable ${a.key}: '${a.value}' would become both '${earlier}' and '${b.value}'`;
      map.set(a.value, b.value);
    }
    // A whole-string value that also occurs within strings would be replaced by either rule.
    for (const [value, target] of whole) {
      const alsoWithin = within.get(value);
      if (alsoWithin !== undefined && alsoWithin !== target) return `'${value}' is both a whole value and part of others`;
    }
    // Two values becoming one could make two keys one.
    for (const map of [whole, within]) {
      if (new Set(map.values()).size !== map.size) return 'two different values would become one';
    }
    return new Substitution(whole, within, from.tags, to.tags);
  }

  private readonly pattern?: RegExp;

  private constructor(
    private readonly whole: ReadonlyMap<string, string>,
    private readonly within: ReadonlyMap<string, string>,
    private readonly fromTags: Readonly<Record<string, string>>,
    private readonly toTags: Readonly<Record<string, string>>,
  ) {
    // Values that stay the same are matched too: a longer one must shield the shorter ones it holds.
    const values = [...within.keys()].sort((a, b) => b.length - a.length);
    if (values.length) this.pattern = new RegExp(values.map(escapeRegExp).join('|'), 'g');
  }

  /** `json` (parsed Terraform JSON) with the substitution applied; `json` itself is not changed. */
  apply(json: unknown): unknown {
    return this.value(json, undefined);
  }

  /**
   * `terraformJson(this.apply(json))`. The exemplar's JSON is laid out once (compiled-json.ts) for
   * every substitution from the same values and tags, which is every unit stamped from it; each
   * write then fills in what varies.
   */
  write(json: unknown): string {
    const rewrite: Rewrite = { text: (s) => this.text(s), object: (key, record) => this.tagsFor(key, record) };
    if (typeof json !== 'object' || json === null) return terraformJson(json, rewrite);
    const forJson = LAYOUTS.get(json) ?? LAYOUTS.set(json, new Map()).get(json)!;
    const signature = this.signature();
    let layout = forJson.get(signature);
    if (!layout) forJson.set(signature, (layout = CompiledJson.of(json, this.variability())));
    return layout.write(rewrite);
  }

  /** What this substitution can change, as a layout needs it: strings holding a value, the unit's tags objects. */
  private variability(): Variability {
    const pattern = this.pattern && new RegExp(this.pattern.source);
    return {
      varies: (s) => this.whole.has(s) || (pattern?.test(s) ?? false),
      replaces: (key, record) => this.tagsFor(key, record) !== undefined,
    };
  }

  /** Everything `variability()` depends on: the values replaced and the tags recognised (as given: the exemplar's, in its order). */
  private signature(): string {
    return JSON.stringify([[...this.whole.keys()], [...this.within.keys()], Object.entries(this.fromTags)]);
  }

  private value(node: unknown, key: string | undefined): unknown {
    if (typeof node === 'string') return this.text(node);
    if (typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) return node.map((item) => this.value(item, undefined));
    const record = node as Record<string, unknown>;
    const tags = this.tagsFor(key, record);
    if (tags) return tags;
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(record)) out[this.text(name)] = this.value(record[name], name);
    return out;
  }

  /** The unit's tags for the exemplar's tags object under `tags`; undefined for any other object. */
  private tagsFor(key: string | undefined, record: Record<string, unknown>): Record<string, string> | undefined {
    return key === 'tags' && sameTags(record, this.fromTags) ? { ...this.toTags } : undefined;
  }

  private text(s: string): string {
    const whole = this.whole.get(s);
    if (whole !== undefined) return whole;
    return this.pattern ? s.replace(this.pattern, (match) => this.within.get(match)!) : s;
  }
}

function sameTags(record: Record<string, unknown>, tags: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(record);
  return keys.length === Object.keys(tags).length && keys.every((k) => record[k] === tags[k]);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
