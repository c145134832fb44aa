/**
 * What a unit's baseline carves out of its network, per cloud and kind: the one place that says how
 * many subnets a baseline needs and how large each is, so `vend validate` refuses a network the
 * realization could not split (and the realizations split it with the same numbers).
 *
 * - AWS: the VPC is split with `Fn::Cidr` into subnets of a fixed size (`cidrBits` 8, a /24 each;
 *   docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-cidr.html).
 *   `Fn::Cidr` fails at deploy when the VPC cannot hold them, so a /23 Space validated and
 *   synthesized but could never deploy.
 * - Azure: the VNet is split into equal parts, and Azure's smallest subnet is a /29
 *   (learn.microsoft.com/azure/virtual-network/virtual-networks-faq, "What address ranges can I use
 *   in my virtual networks?": "The smallest supported IPv4 subnet is /29").
 */
import { formatIp, parseCidr } from './cidr';
import type { Cloud, UnitKind } from './schema';

export interface NetworkLayout {
  /** Subnets the baseline creates in the unit's network. */
  readonly subnets: number;
  /** Prefix of each subnet for a network of `networkPrefix`. */
  subnetPrefix(networkPrefix: number): number;
  /** The longest network prefix (smallest network) that still holds every subnet. */
  readonly largestPrefix: number;
  /** Why the subnets are that size, for messages. */
  readonly subnetSize: string;
}

/** AWS subnets are /24: `Fn::Cidr` with 8 host bits. */
export const AWS_SUBNET_HOST_BITS = 8;
/** Azure's smallest IPv4 subnet. */
export const AZURE_SMALLEST_SUBNET_PREFIX = 29;

/**
 * Subnets each kind's baseline carves, per cloud. AWS: two private subnets plus two for the PoP's
 * public side or the endpoint's second zone (unit-network.ts keeps all four reserved for every
 * kind, so a PoP can be re-templated without re-addressing). Azure: private endpoints, the Private
 * Link service, and two reserved quarters.
 */
export function baselineSubnets(_cloud: Cloud, _kind: UnitKind): number {
  return 4;
}

export function networkLayout(cloud: Cloud, kind: UnitKind): NetworkLayout {
  const subnets = baselineSubnets(cloud, kind);
  const splitBits = Math.ceil(Math.log2(subnets));
  if (cloud === 'aws') {
    const prefix = 32 - AWS_SUBNET_HOST_BITS;
    return { subnets, subnetPrefix: () => prefix, largestPrefix: prefix - splitBits, subnetSize: `/${prefix}` };
  }
  return {
    subnets,
    subnetPrefix: (networkPrefix) => networkPrefix + splitBits,
    largestPrefix: AZURE_SMALLEST_SUBNET_PREFIX - splitBits,
    subnetSize: `an equal share, at least /${AZURE_SMALLEST_SUBNET_PREFIX}`,
  };
}

/**
 * Splits a network into `parts` equal subnets (parts a power of two), first address first.
 * Throws on a CIDR that is not a network address or cannot be split that far.
 */
export function splitNetwork(cidr: string, parts: number): string[] {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(parsed.message);
  const bits = Math.log2(parts);
  if (!Number.isInteger(bits)) throw new Error(`cannot split a network into ${parts} equal parts`);
  const prefix = parsed.block.prefix + bits;
  if (prefix > 32) throw new Error(`'${cidr}' is too small to split into ${parts} subnets`);
  const size = 2 ** (32 - prefix);
  return Array.from({ length: parts }, (_, i) => `${formatIp(parsed.block.start + i * size)}/${prefix}`);
}
