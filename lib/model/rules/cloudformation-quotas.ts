import { predictAwsFootprint } from '../aws-footprint';
import type { Diagnostic } from '../diagnostic';
import { effectiveUnits } from '../effective-unit';
import { quotasOf } from '../quotas';
import { accountQuotaProblems, stackSizeProblems } from '../stack-limits';
import type { Rule } from './rule';

/**
 * The AWS side of the catalog fits CloudFormation's quotas (lib/model/quotas.ts): the stacks and
 * StackSets it needs in the management account, and each accounts stack's resources and
 * parameters (the templates that grow with the catalog). Synth checks every template it writes
 * against the same quotas; this predicts them before anything is built.
 */
export const cloudFormationQuotas: Rule = (catalog) => {
  const org = catalog.organization;
  if (!org.spec.aws) return [];
  const quotas = quotasOf(org.spec);
  const footprint = predictAwsFootprint(effectiveUnits(catalog), org.spec);
  const where = org.spec.quotas ? ['quotas'] : ['aws'];
  const problems: Diagnostic[] = accountQuotaProblems(footprint, quotas).map((d) => org.source.at(where, 'cloudformation-quota', d.message));
  const sources = new Map(catalog.units.map((u) => [u.spec.name, u.source]));
  for (const stack of footprint.accountsStacks) {
    const messages = stackSizeProblems(stack, quotas).map((d) => d.message);
    if (messages.length === 0) continue;
    // Reported at the shard's last unit: removing or moving units out of the shard is the fix.
    const last = stack.units[stack.units.length - 1];
    for (const message of messages) problems.push(sources.get(last.name)!.at(['access'], 'cloudformation-quota', `${message} (shard of ${stack.units.length} units)`));
  }
  return problems;
};
