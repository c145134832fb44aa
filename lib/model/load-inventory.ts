/**
 * Reads an inventory snapshot (JSON, as `vend inventory` writes it). Snapshots of thousands of
 * accounts are parsed with JSON.parse; only when something is wrong is the file re-read with the
 * line-keeping parser, so every problem still names its line and field.
 */
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
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8'));
    const fast = inventorySchema.safeParse(value);
    if (fast.success) return { inventory: fast.data, diagnostics };
  } catch {
    // fall through to the located parse, which reports the syntax error with its line
  }
  const parsed = SourceFile.parse(shown, content, MAX_INVENTORY_BYTES);
  diagnostics.push(...parsed.problems);
  if (parsed.value === undefined) return { diagnostics };
  const checked = checkSchema(inventorySchema, parsed.value, parsed.source);
  diagnostics.push(...checked.problems);
  return { inventory: checked.value, diagnostics };
}
