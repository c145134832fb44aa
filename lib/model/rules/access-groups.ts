import type { Diagnostic } from '../diagnostic';
import { closest, editDistance } from '../did-you-mean';
import { templateFor } from '../effective-unit';
import { declaredIdentityCenterGroups, identityCenterGroupParameter } from '../identity-center';
import type { Rule } from './rule';

/**
 * Every group an active AWS unit grants access to is declared in organization.yaml
 * `aws.identityCenterGroups` (identity-center.ts says why), and no two declared groups share one
 * SSM parameter name. A group inherited from the template's defaults is reported on the unit's
 * `kind` line, since the unit file does not name it.
 */
export const accessGroups: Rule = (catalog) => {
  const org = catalog.organization;
  const declared = declaredIdentityCenterGroups(org.spec);
  const problems: Diagnostic[] = [];
  const parameters = new Map<string, string>();
  declared.forEach((group, i) => {
    const parameter = identityCenterGroupParameter(group);
    const first = parameters.get(parameter);
    if (first !== undefined && first !== group) {
      problems.push(org.source.at(['aws', 'identityCenterGroups', i], 'group-parameter', `'${group}' and '${first}' share the SSM parameter ${parameter}; rename one group`));
    }
    parameters.set(parameter, group);
  });
  for (const unit of catalog.units) {
    if (unit.spec.cloud !== 'aws' || unit.spec.lifecycle === 'decommissioned') continue;
    const own = unit.spec.access;
    const access = own ?? templateFor(catalog, unit.spec.kind)?.defaults?.access ?? [];
    access.forEach((entry, i) => {
      if (declared.includes(entry.group)) return;
      // Only a near miss is a typo; a new tenant group is not a misspelt existing one.
      const near = closest(entry.group, declared);
      const hint = near && editDistance(near, entry.group) <= 2 ? near : undefined;
      const where = own ? ['access', i, 'group'] : ['kind'];
      problems.push(
        unit.source.at(
          where,
          'group-undeclared',
          `group '${entry.group}' is not in organization.yaml aws.identityCenterGroups${hint ? ` (did you mean '${hint}'?)` : ''}; declare it there so \`vend bootstrap aws\` provisions it before deploy`,
        ),
      );
    });
  }
  return problems;
};
