import type { Rule } from './rule';

export const environmentKnown: Rule = (catalog) => {
  const environments = catalog.organization.spec.environments;
  return catalog.units.flatMap((unit) =>
    environments.includes(unit.spec.environment)
      ? []
      : [unit.source.at(['environment'], 'unknown-environment', `'${unit.spec.environment}' is not an environment of the organization (${environments.join(', ')})`)],
  );
};
