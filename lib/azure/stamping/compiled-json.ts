/**
 * One exemplar's Terraform JSON, laid out once for the many stacks written from it: the text
 * terraformJson writes, cut where a rewrite can change it. Writing a stamped stack then joins
 * fixed text with the few strings that vary, instead of walking, sorting and indenting the whole
 * tree again for each unit (at 2,000 Spaces that walk was a third of an Azure synth).
 *
 * The value is JSON data (what JSON.parse returns; an undefined member is left out, an undefined
 * array item written as null, as JSON.stringify does). Where the text is cut is given by a
 * `Variability`: the strings a rewrite may change and the objects it may replace. Everything else
 * is fixed, so written once. An object with a key that
 * may change is left whole and written by terraformJson's walker when the stack is written, since
 * renaming a key can change where it sorts. For any rewrite that changes nothing `Variability`
 * calls fixed, `compiled.write(rewrite)` is `terraformJson(value, rewrite)`: the test
 * "compiled JSON writes what terraform-json writes" compares them.
 */
import { indentOf, quote, write, type Rewrite } from './terraform-json';

/** What may differ between the stacks written from one exemplar. */
export interface Variability {
  /** Whether a rewrite may change this string (a value or a key). */
  varies(s: string): boolean;
  /** Whether a rewrite may replace this object, found under `key`. */
  replaces(key: string | undefined, value: Record<string, unknown>): boolean;
}

/** A cut in the text: a string to rewrite, or a subtree to write through the walker. */
type Hole = { readonly text: string } | { readonly node: unknown; readonly level: number; readonly key: string | undefined };

export class CompiledJson {
  static of(value: unknown, variability: Variability): CompiledJson {
    const layout = new Layout(variability);
    if (!layout.value(value, 0, undefined)) return new CompiledJson(['undefined']);
    return new CompiledJson(layout.finish());
  }

  private constructor(private readonly parts: ReadonlyArray<string | Hole>) {}

  /** How many cuts the text has (for tests). */
  get holes(): number {
    return this.parts.filter((p) => typeof p !== 'string').length;
  }

  write(rewrite: Rewrite): string {
    let out = '';
    for (const part of this.parts) {
      if (typeof part === 'string') out += part;
      else if ('text' in part) out += quote(rewrite.text(part.text));
      else out += write(part.node, part.level, part.key, rewrite) ?? 'undefined';
    }
    return out;
  }
}

/** Lays the text out as terraformJson's `write` does, keeping fixed runs together. */
class Layout {
  private readonly parts: Array<string | Hole> = [];
  private run = '';

  constructor(private readonly variability: Variability) {}

  finish(): Array<string | Hole> {
    this.parts.push(this.run);
    return this.parts;
  }

  /** Lays out `value`; false when JSON leaves it out (as `write` returns undefined). */
  value(value: unknown, level: number, key: string | undefined): boolean {
    if (typeof value === 'string') {
      if (this.variability.varies(value)) this.hole({ text: value });
      else this.run += quote(value);
      return true;
    }
    if (typeof value !== 'object' || value === null) {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) return false;
      this.run += text;
      return true;
    }
    if (Array.isArray(value)) this.array(value, level);
    else this.object(value as Record<string, unknown>, level, key);
    return true;
  }

  private array(items: readonly unknown[], level: number): void {
    const inner = indentOf(level + 1);
    this.run += '[';
    items.forEach((item, i) => {
      this.run += (i ? ',' : '') + inner;
      if (!this.value(item, level + 1, undefined)) this.run += 'null';
    });
    this.run += `${indentOf(level)}]`;
  }

  private object(record: Record<string, unknown>, level: number, key: string | undefined): void {
    const keys = Object.keys(record);
    if (this.variability.replaces(key, record) || keys.some((k) => this.variability.varies(k))) {
      this.hole({ node: record, level, key });
      return;
    }
    keys.sort(); // by UTF-16 code unit, as terraformJson sorts
    const inner = indentOf(level + 1);
    this.run += '{';
    let first = true;
    for (const name of keys) {
      if (record[name] === undefined) continue; // left out, as JSON.stringify leaves it
      this.run += `${first ? '' : ','}${inner}${quote(name)}: `;
      this.value(record[name], level + 1, name);
      first = false;
    }
    this.run += `${indentOf(level)}}`;
  }

  private hole(hole: Hole): void {
    this.parts.push(this.run, hole);
    this.run = '';
  }
}
