/**
 * Terraform JSON text exactly as CDKTF writes it: CDKTF 0.21.0's StackSynthesizer writes
 * `json-stable-stringify(config, { space: 2 })` (lib/synthesize/synthesizer.js), and this gives the
 * same bytes for plain JSON data (what JSON.parse returns): keys sorted by code unit, two-space
 * indent, an empty object or array still broken over two lines (`{\n<indent>}`), null kept.
 * The test "terraform-json writes what CDKTF writes" compares both over every synthesized stack.
 *
 * A stamped stack is written in the same pass that substitutes its values (`Rewrite`), so the
 * exemplar's JSON is never copied.
 */

/** What a stamped stack changes on the way: every string and key, and whole objects. */
export interface Rewrite {
  text(s: string): string;
  /** A replacement for the object under `key`, written as is; undefined to keep it. */
  object(key: string | undefined, value: Record<string, unknown>): Record<string, unknown> | undefined;
}

const NONE: Rewrite = { text: (s) => s, object: () => undefined };

export function terraformJson(value: unknown, rewrite: Rewrite = NONE): string {
  return write(value, 0, undefined, rewrite) ?? 'undefined';
}

/** Indentation per level, built once. */
const INDENTS: string[] = [];
export function indentOf(level: number): string {
  return (INDENTS[level] ??= `\n${'  '.repeat(level)}`);
}

/** Characters JSON.stringify escapes (quote, backslash, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** `value` at nesting `level`, under `key` (undefined in arrays and at the top); undefined for what JSON leaves out. */
export function write(value: unknown, level: number, key: string | undefined, rewrite: Rewrite): string | undefined {
  if (typeof value === 'string') return quote(rewrite.text(value));
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const indent = indentOf(level);
  const inner = indentOf(level + 1);
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) parts.push(inner + (write(item, level + 1, undefined, rewrite) ?? 'null'));
    return `[${parts.join(',')}${indent}]`;
  }
  const replaced = rewrite.object(key, value as Record<string, unknown>);
  const record = replaced ?? (value as Record<string, unknown>);
  const inside = replaced ? NONE : rewrite;
  const renamed = Object.keys(record).map((k) => [inside.text(k), k] as const);
  renamed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, original] of renamed) {
    const item = write(record[original], level + 1, name, inside);
    if (item !== undefined) parts.push(`${inner}${quote(name)}: ${item}`);
  }
  return `{${parts.join(',')}${indent}}`;
}
