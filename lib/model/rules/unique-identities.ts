import type { Sourced } from '../catalog';
import { compareStrings } from '../compare';
import type { Diagnostic } from '../diagnostic';
import { accountIdentity } from '../naming';
import type { UnitSpec } from '../schema';
import type { Rule } from './rule';

type Unit = Sourced<UnitSpec>;

/**
 * Two units must never manage one account or subscription. Generated identities cannot collide:
 * unit names are unique and lower-case (schema.ts), and `<name>@<emailDomain>` and
 * `<org>-<name>` are injective in the name. Adoption breaks that: `adopted.email` is any e-mail
 * (case-insensitive, as AWS compares root e-mails), and `adopted.id` any account or subscription
 * id. So an AWS unit's root e-mail may equal another unit's, and two units may adopt one id; each
 * adopting unit is reported at the adopted field, naming the other units.
 */
export const uniqueIdentities: Rule = (catalog) => {
  const org = catalog.organization.spec;
  const emails = groupBy(
    catalog.units.filter((u) => u.spec.cloud === 'aws'),
    (u) => accountIdentity(u.spec, org).toLowerCase(),
  );
  const ids = groupBy(
    catalog.units.filter((u) => u.spec.adopted),
    (u) => u.spec.adopted!.id.toLowerCase(),
  );
  const problems: Diagnostic[] = [];
  for (const units of emails.values()) {
    for (const unit of units.filter((u) => u.spec.adopted?.email)) {
      problems.push(unit.source.at(['adopted', 'email'], 'duplicate-identity', `account e-mail '${unit.spec.adopted!.email}' is also the root e-mail of ${others(units, unit)}; two units cannot manage one account`));
    }
  }
  for (const units of ids.values()) {
    for (const unit of units) {
      problems.push(unit.source.at(['adopted', 'id'], 'duplicate-identity', `'${unit.spec.adopted!.id}' is also adopted by ${others(units, unit)}; two units cannot manage one ${unit.spec.cloud === 'aws' ? 'account' : 'subscription'}`));
    }
  }
  return problems;
};

/** Groups of two or more units sharing a key (one unit listed twice under its name is duplicate-name's). */
function groupBy(units: readonly Unit[], key: (u: Unit) => string): Map<string, Unit[]> {
  const groups = new Map<string, Unit[]>();
  for (const unit of units) groups.set(key(unit), [...(groups.get(key(unit)) ?? []), unit]);
  for (const [k, members] of groups) if (new Set(members.map((u) => u.spec.name)).size < 2) groups.delete(k);
  return groups;
}

function others(units: readonly Unit[], unit: Unit): string {
  const names = [...new Set(units.filter((u) => u.spec.name !== unit.spec.name).map((u) => `'${u.spec.name}'`))].sort(compareStrings);
  return `unit${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
}
