/**
 * Semantic validation: every rule in rules/ runs over the loaded catalog and all problems are
 * reported together.
 */
import type { Catalog } from './catalog';
import { sortDiagnostics, type Diagnostic } from './diagnostic';
import { RULES } from './rules';

export function validateCatalog(catalog: Catalog): Diagnostic[] {
  return sortDiagnostics(RULES.flatMap((rule) => rule(catalog)));
}
