import { compareStrings } from '../compare';
import type { Diagnostic } from '../diagnostic';
import type { Rule } from './rule';

/**
 * Azure Policy definitions are named after their file's basename (`deny-public-ip.policy.json` →
 * `vend-deny-public-ip`), and the name is unique in the tenant: two files with one basename would
 * make one silently replace the other in every initiative that lists it.
 */
export const policyNames: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  const byName = new Map<string, string>();
  const controls = [...catalog.controls.values()].sort((a, b) => compareStrings(a.spec.name, b.spec.name));
  for (const control of controls) {
    control.azurePolicies.forEach((definition, i) => {
      const first = byName.get(definition.name);
      if (first === undefined) byName.set(definition.name, definition.file);
      else if (first !== definition.file) {
        problems.push(
          control.source.at(
            ['azure', 'definitions', i],
            'policy-name-collision',
            `${definition.file} and ${first} are both named '${definition.name}'; Azure Policy definition names come from the file name, so rename one`,
          ),
        );
      }
    });
  }
  return problems;
};
