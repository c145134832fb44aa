import type { Rule } from './rule';

/** Unit names identify units everywhere (tags, stack ids, aliases): each may appear once. */
export const uniqueNames: Rule = (catalog) => {
  const first = new Map<string, string>();
  return catalog.units.flatMap((unit) => {
    const seen = first.get(unit.spec.name);
    if (!seen) {
      first.set(unit.spec.name, unit.source.file);
      return [];
    }
    return [unit.source.at(['name'], 'duplicate-name', `unit name '${unit.spec.name}' is already used by ${seen}`)];
  });
};
