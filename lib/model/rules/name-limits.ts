import { accountEmail, subscriptionAlias } from '../naming';
import type { Rule } from './rule';

/** AWS account e-mails are at most 64 characters; Azure subscription aliases and display names at most 63. */
export const AWS_EMAIL_MAX = 64;
export const AZURE_ALIAS_MAX = 63;

export const nameLimits: Rule = (catalog) => {
  const org = catalog.organization.spec;
  return catalog.units.flatMap((unit) => {
    if (unit.spec.cloud === 'aws') {
      const email = accountEmail(unit.spec, org);
      return email.length > AWS_EMAIL_MAX
        ? [unit.source.at(['name'], 'name-too-long', `account e-mail '${email}' is ${email.length} characters; AWS allows ${AWS_EMAIL_MAX}`)]
        : [];
    }
    const alias = subscriptionAlias(unit.spec, org);
    return alias.length > AZURE_ALIAS_MAX
      ? [unit.source.at(['name'], 'name-too-long', `subscription alias '${alias}' is ${alias.length} characters; Azure allows ${AZURE_ALIAS_MAX}`)]
      : [];
  });
};
