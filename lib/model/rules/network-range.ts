import { parseCidr } from '../cidr';
import { environmentRanges, inside } from '../network-allocation';
import { CIDR_MAX_PREFIX, CIDR_MIN_PREFIX } from './cidr-valid';
import type { Rule } from './rule';

/** Where organization.yaml declares an environment's address ranges, its units' networks lie inside them. */
export const networkRange: Rule = (catalog) =>
  catalog.units.flatMap((unit) => {
    const cidr = unit.spec.network?.cidr;
    const ranges = environmentRanges(catalog, unit.spec.environment);
    const parsed = cidr === undefined ? undefined : parseCidr(cidr);
    if (!ranges || !parsed?.ok || ranges.some((range) => inside(parsed.block, range))) return [];
    // a network of the wrong size is reported by cidr-valid alone
    if (parsed.block.prefix < CIDR_MIN_PREFIX || parsed.block.prefix > CIDR_MAX_PREFIX) return [];
    return [
      unit.source.at(
        ['network', 'cidr'],
        'network-range',
        `${cidr} is outside the ${unit.spec.environment} ranges of organization.yaml (${ranges.map((r) => r.text).join(', ')})`,
      ),
    ];
  });
