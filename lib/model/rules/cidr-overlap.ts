import type { Sourced } from '../catalog';
import { overlappingPairs, parseCidr, type CidrBlock } from '../cidr';
import type { Diagnostic } from '../diagnostic';
import type { UnitSpec } from '../schema';
import type { Rule } from './rule';

interface Addressed {
  readonly unit: Sourced<UnitSpec>;
  readonly block: CidrBlock;
}

/**
 * Units that share an environment, or a PoP (the PoP and its Spaces), must not overlap: their
 * networks meet in Private Link, flow logs and the security data lake. Each overlap is reported on
 * both units' files.
 */
export const cidrOverlap: Rule = (catalog) => {
  const groups = new Map<string, Addressed[]>();
  const add = (key: string, item: Addressed) => {
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  };
  for (const unit of catalog.units) {
    const cidr = unit.spec.network?.cidr;
    const parsed = cidr === undefined ? undefined : parseCidr(cidr);
    if (!parsed?.ok) continue;
    const item = { unit, block: parsed.block };
    add(`environment ${unit.spec.environment}`, item);
    if (unit.spec.kind === 'PoP') add(`pop ${unit.spec.name}`, item);
    else if (unit.spec.network?.pop) add(`pop ${unit.spec.network.pop}`, item);
  }
  const reported = new Set<string>();
  const problems: Diagnostic[] = [];
  for (const [group, items] of groups) {
    for (const [a, b] of overlappingPairs(items, (i) => i.block)) {
      const [first, second] = a.unit.spec.name < b.unit.spec.name ? [a, b] : [b, a];
      const key = `${first.unit.spec.name} ${second.unit.spec.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      // Reported on both files: the one a pull request adds may sort either side of the other.
      const scope = group.split(' ')[0];
      for (const [mine, theirs] of [[second, first], [first, second]]) {
        problems.push(
          mine.unit.source.at(
            ['network', 'cidr'],
            'cidr-overlap',
            `${mine.block.text} overlaps ${theirs.block.text} of '${theirs.unit.spec.name}' (same ${scope})`,
          ),
        );
      }
    }
  }
  return problems;
};
