import { parseCidr } from '../cidr';
import type { Rule } from './rule';

/** VPCs and VNets in vend are /16 to /28 (the AWS VPC range, also fine for Azure). */
export const CIDR_MIN_PREFIX = 16;
export const CIDR_MAX_PREFIX = 28;

export const cidrValid: Rule = (catalog) =>
  catalog.units.flatMap((unit) => {
    const cidr = unit.spec.network?.cidr;
    if (cidr === undefined) return [];
    const parsed = parseCidr(cidr);
    if (!parsed.ok) return [unit.source.at(['network', 'cidr'], 'cidr-syntax', parsed.message)];
    const { prefix } = parsed.block;
    if (prefix < CIDR_MIN_PREFIX || prefix > CIDR_MAX_PREFIX) {
      return [unit.source.at(['network', 'cidr'], 'cidr-size', `'${cidr}' must be between /${CIDR_MIN_PREFIX} and /${CIDR_MAX_PREFIX}`)];
    }
    return [];
  });
