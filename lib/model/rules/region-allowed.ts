import type { Rule } from './rule';

/** A unit's region must be one the organization allows in the unit's cloud, and that cloud must be configured. */
export const regionAllowed: Rule = (catalog) => {
  const org = catalog.organization.spec;
  return catalog.units.flatMap((unit) => {
    const { cloud, region } = unit.spec;
    const allowed = cloud === 'aws' ? org.aws?.regions : org.azure?.locations;
    if (!allowed) {
      return [unit.source.at(['cloud'], 'cloud-not-configured', `organization.yaml has no '${cloud}' section`)];
    }
    if (allowed.includes(region)) return [];
    const noun = cloud === 'aws' ? 'AWS region' : 'Azure location';
    return [unit.source.at(['region'], 'region-not-allowed', `'${region}' is not an allowed ${noun} (${allowed.join(', ')})`)];
  });
};
