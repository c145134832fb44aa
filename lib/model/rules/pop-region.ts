import { privateLinkCrossesRegions } from '../private-link';
import type { Rule } from './rule';

/** A Space in a cloud whose Private Link does not cross regions must be in its PoP's region. */
export const popRegion: Rule = (catalog) => {
  const byName = new Map(catalog.units.map((u) => [u.spec.name, u.spec]));
  const allowed = catalog.organization.spec.aws?.regions ?? [];
  return catalog.units.flatMap((unit) => {
    const spec = unit.spec;
    const pop = spec.kind === 'Space' && spec.network?.pop ? byName.get(spec.network.pop) : undefined;
    if (!pop || pop.kind !== 'PoP' || pop.cloud !== spec.cloud || privateLinkCrossesRegions(spec.cloud)) return [];
    // A region the organization does not allow is reported by region-allowed alone.
    if (pop.region === spec.region || spec.lifecycle === 'decommissioned' || !allowed.includes(spec.region)) return [];
    return [
      unit.source.at(
        ['network', 'pop'],
        'pop-region',
        `PoP '${pop.name}' is in ${pop.region} but this Space is in ${spec.region}; an ${spec.cloud.toUpperCase()} Space reaches only a PoP in its own region`,
      ),
    ];
  });
};
