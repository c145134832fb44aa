import { checkDeclarativePolicy } from '../declarative-policy-check';
import type { Diagnostic } from '../diagnostic';
import { checkIamPolicy, type PolicyFinding } from '../iam-policy-check';
import type { SourceFile } from '../source-file';
import type { Rule } from './rule';

/**
 * Every SCP and RCP names only actions and condition keys that exist in the IAM service
 * authorization reference, with conditions its actions can carry; every declarative policy uses
 * only documented attributes and values; no policy uses an unknown placeholder. Each problem is
 * reported at its line in the policy file, with a did-you-mean hint where one is close.
 */
export const awsPolicyReferences: Rule = (catalog) => {
  const problems: Diagnostic[] = [];
  for (const control of catalog.controls.values()) {
    const report = (findings: PolicyFinding[], source: SourceFile | undefined, kind: string) => {
      for (const f of findings) {
        problems.push(source ? source.at(f.path, f.code, f.message) : control.source.at(['aws', kind], f.code, f.message));
      }
    };
    if (control.scp) report(checkIamPolicy(control.scp.document, 'scp'), control.scp.source, 'scp');
    if (control.rcp) report(checkIamPolicy(control.rcp.document, 'rcp'), control.rcp.source, 'rcp');
    if (control.declarative) report(checkDeclarativePolicy(control.declarative.document), control.declarative.source, 'declarative');
  }
  return problems;
};
