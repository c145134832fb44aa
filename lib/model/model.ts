/**
 * The validated model every consumer reads: the catalog, its derived hierarchy and its units'
 * effective configurations. Building it refuses an invalid catalog, so realizations and operations
 * never see one.
 */
import type { Catalog } from './catalog';
import { CatalogError, hasErrors } from './diagnostic';
import { effectiveUnits, type EffectiveUnit } from './effective-unit';
import { deriveHierarchy, type Hierarchy } from './hierarchy';
import { loadCatalog, type LoadOptions } from './load-catalog';
import { validateCatalog } from './validate';

export interface VendModel {
  readonly catalog: Catalog;
  readonly hierarchy: Hierarchy;
  /** Effective units, sorted by name. */
  readonly units: readonly EffectiveUnit[];
  unit(name: string): EffectiveUnit | undefined;
}

export function buildModel(catalog: Catalog): VendModel {
  const units = effectiveUnits(catalog);
  const byName = new Map(units.map((u) => [u.name, u]));
  return { catalog, hierarchy: deriveHierarchy(catalog), units, unit: (name) => byName.get(name) };
}

/** Loads and fully validates a catalog; throws CatalogError listing every problem if it is invalid. */
export function loadModel(options: LoadOptions): VendModel {
  const loaded = loadCatalog(options);
  const diagnostics = [...loaded.diagnostics];
  if (loaded.catalog && !hasErrors(diagnostics)) diagnostics.push(...validateCatalog(loaded.catalog));
  if (!loaded.catalog || hasErrors(diagnostics)) throw new CatalogError(diagnostics);
  return buildModel(loaded.catalog);
}
