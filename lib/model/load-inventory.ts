/**
 * Reads an inventory snapshot (JSON, as `vend inventory` writes it). Snapshots of thousands of
 * accounts are parsed with JSON.parse; only when something is wrong is the file re-read with the
 * line-keeping parser, so every problem still names its line and field.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from './diagnostic';
import { inventorySchema, type Inventory } from './inventory';
import { readBounded } from './load-catalog';
import { displayPath } from './package-paths';
import { checkSchema } from './schema-check';
import { SourceFile } from './source-file';

/** Snapshots are larger than catalog files: 2,000 accounts take about 1 MB. */
export const MAX_INVENTORY_BYTES = 256 * 1024 * 1024;

export function loadInventory(file: string): { inventory?: Inventory; diagnostics: Diagnostic[] } {
  const shown = displayPath(file);
  const diagnostics: Diagnostic[] = [];
  const content = readBounded(file, shown, diagnostics, MAX_INVENTORY_BYTES);
  if (content === undefined) return { diagnostics };
  const text = content.toString('utf8');
  try {
    const fast = inventorySchema.safeParse(JSON.parse(text));
    if (fast.success) return { inventory: fast.data, diagnostics };
  } catch (err) {
    diagnostics.push(jsonSyntaxError(shown, text, err as Error));
    return { diagnostics };
  }
  const parsed = SourceFile.parse(shown, content, MAX_INVENTORY_BYTES);
  diagnostics.push(...parsed.problems);
  if (parsed.value === undefined) return { diagnostics };
  const checked = checkSchema(inventorySchema, parsed.value, parsed.source);
  diagnostics.push(...checked.problems);
  return { inventory: checked.value, diagnostics };
}

/** A JSON syntax error located by jsonc-parser (JSON.parse does not always say where). */
function jsonSyntaxError(file: string, text: string, err: Error): Diagnostic {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const line = first ? text.slice(0, first.offset).split('\n').length : 0;
  const reason = first ? printParseErrorCode(first.error) : err.message.split('\n')[0];
  return { code: 'json-syntax', severity: 'error', file, line, path: '', message: `not valid JSON: ${reason}` };
}
