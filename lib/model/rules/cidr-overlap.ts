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
 * networks meet in Private Link, flow logs and the security data lake.
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
      problems.push(
        second.unit.source.at(
          ['network', 'cidr'],
          'cidr-overlap',
          `${second.block.text} overlaps ${first.block.text} of '${first.unit.spec.name}' (same ${group.split(' ')[0]})`,
        ),
      );
    }
  }
  return problems;
};
