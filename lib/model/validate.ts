/**
 * Semantic validation: every rule in rules/ runs over the loaded catalog and all problems are
 * reported together.
 */
import type { Catalog } from './catalog';
import { sortDiagnostics, type Diagnostic } from './diagnostic';
import { RULES } from './rules';
import { removedUnits, type LiveEvidence } from './rules/removed-units';

/** Every rule; with live evidence (an inventory, the audit ledger) also the rules that need it. */
export function validateCatalog(catalog: Catalog, live?: LiveEvidence): Diagnostic[] {
  return sortDiagnostics([...RULES.flatMap((rule) => rule(catalog)), ...(live ? removedUnits(catalog, live) : [])]);
}
