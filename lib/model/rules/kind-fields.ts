import { templateFor } from '../effective-unit';
import type { Rule } from './rule';

/** Fields that only make sense for some kinds, and networks that a kind's baseline needs. */
export const kindFields: Rule = (catalog) =>
  catalog.units.flatMap((unit) => {
    const spec = unit.spec;
    const problems = [];
    if (spec.tenancy !== undefined && spec.kind !== 'Space') {
      problems.push(unit.source.at(['tenancy'], 'tenancy-kind', `tenancy applies to Spaces, not a ${spec.kind}`));
    }
    const network = templateFor(catalog, spec.kind)?.baseline.network;
    const needsNetwork = network && (network.reachesPop || network.exposesEndpointService);
    if (needsNetwork && !spec.network?.cidr && spec.lifecycle !== 'decommissioned') {
      problems.push(unit.source.at(['network', 'cidr'], 'network-required', `a ${spec.kind} needs network.cidr for its ${spec.cloud === 'aws' ? 'VPC' : 'VNet'}`));
    }
    return problems;
  });
