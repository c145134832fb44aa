import { accountEmail, subscriptionAlias } from '../naming';
import type { Rule } from './rule';

/** Generated account e-mails and subscription aliases must be unique (case-insensitively, as the clouds compare them). */
export const uniqueIdentities: Rule = (catalog) => {
  const org = catalog.organization.spec;
  const first = new Map<string, string>();
  return catalog.units.flatMap((unit) => {
    const identity =
      unit.spec.cloud === 'aws' ? `aws:${accountEmail(unit.spec, org)}` : `azure:${subscriptionAlias(unit.spec, org)}`;
    const key = identity.toLowerCase();
    const seen = first.get(key);
    if (!seen || seen === unit.spec.name) {
      // the same name twice is reported once, by uniqueNames
      if (!seen) first.set(key, unit.spec.name);
      return [];
    }
    const what = unit.spec.cloud === 'aws' ? 'account e-mail' : 'subscription alias';
    return [unit.source.at(['name'], 'duplicate-identity', `generated ${what} '${identity.slice(identity.indexOf(':') + 1)}' collides with unit '${seen}'`)];
  });
};
