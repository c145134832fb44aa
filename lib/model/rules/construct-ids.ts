import type { Diagnostic } from '../diagnostic';
import { pascalId } from '../naming';
import type { Rule } from './rule';

/**
 * Construct and stack ids are derived from names with `pascalId`, which drops hyphens and spaces:
 * `space-we-a1-dev` and `space-we-a-1-dev` both become `SpaceWeA1Dev`, and synth then fails with
 * "There is already a Construct with name …". Units, controls and access groups must each map to
 * distinct ids; the second name of a colliding pair is reported.
 */
export const constructIds: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  const units = new Map<string, string>();
  const groups = new Map<string, string>();
  for (const unit of catalog.units) {
    const id = pascalId(unit.spec.name);
    const first = units.get(id);
    if (first === undefined) units.set(id, unit.spec.name);
    else if (first !== unit.spec.name) {
      problems.push(unit.source.at(['name'], 'construct-id', `'${unit.spec.name}' and '${first}' both become the id '${id}' in the synthesized stacks; rename one`));
    }
    (unit.spec.access ?? []).forEach((entry, i) => {
      const groupId = pascalId(entry.group);
      const seen = groups.get(groupId);
      if (seen === undefined) groups.set(groupId, entry.group);
      else if (seen !== entry.group) {
        problems.push(unit.source.at(['access', i, 'group'], 'construct-id', `groups '${entry.group}' and '${seen}' both become the id '${groupId}' in the synthesized stacks; use one spelling`));
      }
    });
  }
  const controls = new Map<string, string>();
  for (const control of catalog.controls.values()) {
    const id = pascalId(control.spec.name);
    const first = controls.get(id);
    if (first === undefined) controls.set(id, control.spec.name);
    else if (first !== control.spec.name) {
      problems.push(control.source.at(['name'], 'construct-id', `controls '${control.spec.name}' and '${first}' both become the id '${id}'; rename one`));
    }
  }
  return problems;
};
