import type { Rule } from './rule';

/**
 * An AWS Space reaches its AWS PoP through an interface endpoint to the PoP's endpoint service,
 * which vend publishes in the PoP's region only; so the Space must be in that region. Other clouds'
 * Private Link is checked by their own realization.
 */
export const popSameRegion: Rule = (catalog) => {
  const byName = new Map(catalog.units.map((u) => [u.spec.name, u.spec]));
  return catalog.units.flatMap((unit) => {
    const spec = unit.spec;
    const pop = spec.network?.pop ? byName.get(spec.network.pop) : undefined;
    if (spec.kind !== 'Space' || spec.cloud !== 'aws' || pop?.kind !== 'PoP' || pop.cloud !== 'aws') return [];
    if (spec.lifecycle === 'decommissioned' || pop.region === spec.region) return [];
    if (!catalog.organization.spec.aws?.regions.includes(spec.region)) return []; // region-allowed reports it
    return [unit.source.at(['network', 'pop'], 'pop-region', `PoP '${pop.name}' is in ${pop.region}; an AWS Space reaches only a PoP of its own region (${spec.region})`)];
  });
};
