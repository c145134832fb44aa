/**
 * Reads an inventory snapshot (JSON, as `vend inventory` writes it). Snapshots of thousands of
 * accounts are parsed with JSON.parse; only when something is wrong is the file re-read with the
 * line-keeping parser, so every problem still names its line and field. Read like the catalog:
 * a UTF-8 byte-order mark is skipped; a key named twice in one object, which JSON.parse would
 * silently resolve to its last value, and nesting deeper than any snapshot (which would exhaust
 * the line-keeping parser's stack) are refused at their line (json-structure.ts).
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from './diagnostic';
import { inventorySchema, type Inventory } from './inventory';
import { jsonStructureProblem, type JsonStructureProblem } from './json-structure';
import { readBounded } from './load-catalog';
import { displayPath } from './package-paths';
import { checkSchema } from './schema-check';
import { SourceFile } from './source-file';

/** Snapshots are larger than catalog files: 2,000 accounts take about 1 MB. */
export const MAX_INVENTORY_BYTES = 256 * 1024 * 1024;

/** An inventory nests five levels (snapshot, cloud, list, account, tags); deeper is not one vend wrote. */
export const MAX_INVENTORY_DEPTH = 16;

/** The byte-order mark some editors write at the start of UTF-8 files; the catalog's YAML reader skips it too. */
const BOM = '\uFEFF';

export function loadInventory(file: string): { inventory?: Inventory; diagnostics: Diagnostic[] } {
  const shown = displayPath(file);
  const diagnostics: Diagnostic[] = [];
  const content = readBounded(file, shown, diagnostics, MAX_INVENTORY_BYTES);
  if (content === undefined) return { diagnostics };
  const text = stripBom(content.toString('utf8'));
  const structure = jsonStructureProblem(text, MAX_INVENTORY_DEPTH);
  const located = (code: string, problem: JsonStructureProblem): Diagnostic => ({ code, severity: 'error', file: shown, line: problem.line, path: '', message: problem.message });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    diagnostics.push(structure?.depth ? located('json-depth', structure) : jsonSyntaxError(shown, text, err as Error));
    return { diagnostics };
  }
  if (structure) {
    diagnostics.push(located(structure.depth ? 'json-depth' : 'json-duplicate-key', structure));
    return { diagnostics };
  }
  const fast = inventorySchema.safeParse(value);
  if (fast.success) return { inventory: fast.data, diagnostics };
  const parsed = SourceFile.parse(shown, content, MAX_INVENTORY_BYTES);
  diagnostics.push(...parsed.problems);
  if (parsed.value === undefined) return { diagnostics };
  const checked = checkSchema(inventorySchema, parsed.value, parsed.source);
  diagnostics.push(...checked.problems);
  return { inventory: checked.value, diagnostics };
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

/** A JSON syntax error located by jsonc-parser (JSON.parse does not always say where). */
function jsonSyntaxError(file: string, text: string, err: Error): Diagnostic {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses: nesting past the stack leaves only JSON.parse's own message.
  }
  const first = errors[0];
  const line = first ? text.slice(0, first.offset).split('\n').length : 0;
  const reason = first ? printParseErrorCode(first.error) : err.message.split('\n')[0];
  return { code: 'json-syntax', severity: 'error', file, line, path: '', message: `not valid JSON: ${reason}` };
}
