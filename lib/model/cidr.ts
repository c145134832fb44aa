/** IPv4 CIDR blocks as integer ranges: parsing with precise messages, and overlap detection. */

export interface CidrBlock {
  readonly text: string;
  readonly start: number;
  /** Inclusive. */
  readonly end: number;
  readonly prefix: number;
}

export type CidrParse = { ok: true; block: CidrBlock } | { ok: false; message: string };

export function parseCidr(text: string): CidrParse {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return { ok: false, message: `'${text}' is not an IPv4 CIDR (a.b.c.d/n)` };
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return { ok: false, message: `'${text}' has an octet above 255` };
  const prefix = Number(match[5]);
  if (prefix > 32) return { ok: false, message: `'${text}' has a prefix above /32` };
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const size = 2 ** (32 - prefix);
  const start = prefix === 0 ? 0 : address - (address % size);
  if (start !== address) {
    return { ok: false, message: `'${text}' is not a network address; did you mean '${formatIp(start)}/${prefix}'?` };
  }
  return { ok: true, block: { text, start, end: start + size - 1, prefix } };
}

export function overlaps(a: CidrBlock, b: CidrBlock): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function formatIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/**
 * All overlapping pairs among `items`, by a sort and sweep (n log n plus the number of pairs), so
 * thousands of units are checked without comparing every pair.
 */
export function overlappingPairs<T>(items: readonly T[], blockOf: (item: T) => CidrBlock): Array<[T, T]> {
  const sorted = [...items].sort((x, y) => blockOf(x).start - blockOf(y).start || blockOf(x).end - blockOf(y).end);
  const pairs: Array<[T, T]> = [];
  const open: T[] = [];
  for (const item of sorted) {
    const block = blockOf(item);
    for (let i = open.length - 1; i >= 0; i--) if (blockOf(open[i]).end < block.start) open.splice(i, 1);
    for (const other of open) pairs.push([other, item]);
    open.push(item);
  }
  return pairs;
}
