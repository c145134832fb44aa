import type { Diagnostic } from '../diagnostic';
import { policyQuotaFindings } from '../organization-policies';
import type { Rule } from './rule';

/**
 * Every SCP, RCP and declarative policy, rendered for this organization, fits its size quota; every
 * OU fits each kind's per-target count (its directly attached policies plus the AWS-managed one
 * that is always attached). Checked before any synth; limits in lib/model/organization-policies.ts.
 */
export const scpQuotas: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  for (const finding of policyQuotaFindings(catalog)) {
    const { type, control, node, actual, limit } = finding;
    if (control) {
      const what = type.kind === 'scp' ? 'SCP' : type.label[0].toUpperCase() + type.label.slice(1);
      problems.push(control.source.at(['aws', type.kind], `${type.kind}-too-large`, `${what} is ${actual} characters minified; the quota is ${limit}`));
      continue;
    }
    if (!node) continue;
    const template = node.function && [...catalog.templates.values()].find((t) => t.spec.for === node.function);
    const source = template ? template.source : catalog.controls.get(node.controls[node.controls.length - 1])!.source;
    const names = type.alwaysAttached ? `${node.controls.join(', ')} and ${type.alwaysAttached}` : node.controls.join(', ');
    const plural = type.kind === 'declarative' ? 'declarative policies' : `${type.label}s`;
    problems.push(
      source.at(template ? ['controls'] : ['attachTo'], `${type.kind}-count`, `OU ${node.path} would have ${actual} ${plural} (${names}); the quota is ${limit} per target`),
    );
  }
  return problems;
};
