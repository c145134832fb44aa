import { parseCidr } from '../cidr';
import { networkLayout } from '../network-layout';
import { CIDR_MAX_PREFIX } from './cidr-valid';
import type { Rule } from './rule';

/**
 * A unit's network must hold the subnets its baseline carves (network-layout.ts): an AWS VPC needs
 * room for four /24s, an Azure VNet four subnets of at least /29. Decommissioned units deploy no
 * network, so they are not checked.
 */
export const networkSize: Rule = (catalog) =>
  catalog.units.flatMap((unit) => {
    const { cidr } = unit.spec.network ?? {};
    if (cidr === undefined || unit.spec.lifecycle === 'decommissioned') return [];
    const parsed = parseCidr(cidr);
    // a network outside /16–/28 is reported by cidr-valid alone
    if (!parsed.ok || parsed.block.prefix > CIDR_MAX_PREFIX) return [];
    const layout = networkLayout(unit.spec.cloud, unit.spec.kind);
    if (parsed.block.prefix <= layout.largestPrefix) return [];
    const noun = unit.spec.cloud === 'aws' ? 'an AWS' : 'an Azure';
    return [
      unit.source.at(
        ['network', 'cidr'],
        'network-too-small',
        `'${cidr}' is too small for ${noun} ${unit.spec.kind} baseline: it needs ${layout.subnets} subnets of ${layout.subnetSize}, so /${layout.largestPrefix} or larger`,
      ),
    ];
  });
