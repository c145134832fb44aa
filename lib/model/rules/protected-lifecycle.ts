import type { Rule } from './rule';

/** Protected units can never be decommissioned: the flag must be removed in its own reviewed change first. */
export const protectedLifecycle: Rule = (catalog) =>
  catalog.units.flatMap((unit) =>
    unit.spec.protected && unit.spec.lifecycle === 'decommissioned'
      ? [unit.source.at(['lifecycle'], 'protected-decommission', 'a protected unit cannot be decommissioned; remove protected: true in a separate change first')]
      : [],
  );
