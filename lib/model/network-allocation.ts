/**
 * Address ranges per environment (organization.yaml `networkRanges`) and the next free block in
 * them: what `vend new` proposes for a new unit, and what the network-range rule checks.
 */
import type { Catalog } from './catalog';
import { formatIp, overlaps, parseCidr, type CidrBlock } from './cidr';

/** The parsed ranges of an environment; undefined when organization.yaml declares none. */
export function environmentRanges(catalog: Pick<Catalog, 'organization'>, environment: string): CidrBlock[] | undefined {
  const declared = catalog.organization.spec.networkRanges?.[environment];
  if (!declared) return undefined;
  return declared.flatMap((text) => {
    const parsed = parseCidr(text);
    return parsed.ok ? [parsed.block] : [];
  });
}

export function inside(block: CidrBlock, range: CidrBlock): boolean {
  return block.start >= range.start && block.end <= range.end;
}

/**
 * The lowest block of `prefix` inside the environment's ranges that overlaps no unit's network
 * (in any environment: a block is never handed out twice). Undefined when the ranges are full.
 */
export function nextFreeNetwork(catalog: Pick<Catalog, 'organization' | 'units'>, environment: string, prefix: number): string | undefined {
  const ranges = environmentRanges(catalog, environment) ?? [];
  const used = catalog.units.flatMap((u) => {
    const parsed = u.spec.network?.cidr ? parseCidr(u.spec.network.cidr) : undefined;
    return parsed?.ok ? [parsed.block] : [];
  });
  used.sort((a, b) => a.start - b.start);
  const size = 2 ** (32 - prefix);
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    let start = Math.ceil(range.start / size) * size;
    while (start + size - 1 <= range.end) {
      const candidate: CidrBlock = { text: '', start, end: start + size - 1, prefix };
      const clash = used.find((u) => overlaps(u, candidate));
      if (!clash) return `${formatIp(start)}/${prefix}`;
      // jump past the block in the way, keeping the alignment
      start = Math.ceil((clash.end + 1) / size) * size;
    }
  }
  return undefined;
}
