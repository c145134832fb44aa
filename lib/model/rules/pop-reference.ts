import type { Sourced } from '../catalog';
import { templateFor } from '../effective-unit';
import type { UnitSpec } from '../schema';
import type { Rule } from './rule';

/**
 * A Space names the PoP it reaches over Private Link: that PoP must exist, be a PoP, be in the same
 * environment (dev never reaches prod), be in the same cloud unless the Space's template allows
 * cross-cloud, and stay active while an active Space depends on it. Other kinds name no PoP.
 */
export const popReference: Rule = (catalog) => {
  const byName = new Map<string, Sourced<UnitSpec>>(catalog.units.map((u) => [u.spec.name, u]));
  return catalog.units.flatMap((unit) => {
    const spec = unit.spec;
    const popName = spec.network?.pop;
    const at = (code: string, message: string) => [unit.source.at(['network', 'pop'], code, message)];
    if (spec.kind !== 'Space') {
      return popName ? at('pop-not-allowed', `only Spaces name a PoP; a ${spec.kind} does not`) : [];
    }
    const template = templateFor(catalog, 'Space');
    if (!template?.baseline.network.reachesPop) return [];
    if (!popName) {
      return spec.lifecycle === 'decommissioned'
        ? []
        : [unit.source.at(spec.network ? ['network'] : [], 'pop-required', 'a Space must name the PoP it reaches (network.pop)')];
    }
    const pop = byName.get(popName);
    if (!pop) {
      const pops = catalog.units.filter((u) => u.spec.kind === 'PoP' && u.spec.environment === spec.environment).map((u) => u.spec.name);
      return at('unknown-pop', `no PoP named '${popName}'${pops.length ? ` (PoPs in ${spec.environment}: ${pops.join(', ')})` : ''}`);
    }
    if (pop.spec.kind !== 'PoP') return at('not-a-pop', `'${popName}' is a ${pop.spec.kind}, not a PoP`);
    // An environment the organization does not have is reported by environment-known alone.
    if (pop.spec.environment !== spec.environment && catalog.organization.spec.environments.includes(spec.environment)) {
      return at('pop-environment', `PoP '${popName}' is in ${pop.spec.environment}; a ${spec.environment} Space may only reach a ${spec.environment} PoP`);
    }
    // Private Link (AWS PrivateLink, Azure Private Link) connects endpoints to services of its own
    // cloud only, and neither realization builds another path: a Space reaches a PoP of its cloud.
    if (pop.spec.cloud !== spec.cloud) {
      return at('pop-cross-cloud', `PoP '${popName}' is in ${pop.spec.cloud}; an ${spec.cloud === 'aws' ? 'AWS' : 'Azure'} Space reaches its PoP over ${spec.cloud === 'aws' ? 'AWS PrivateLink' : 'Azure Private Link'}, which connects only within one cloud: choose an ${spec.cloud === 'aws' ? 'AWS' : 'Azure'} PoP`);
    }
    if ((spec.lifecycle ?? 'active') === 'active' && pop.spec.lifecycle === 'decommissioned') {
      return at('pop-decommissioned', `PoP '${popName}' is being decommissioned while this Space still reaches it`);
    }
    return [];
  });
};
