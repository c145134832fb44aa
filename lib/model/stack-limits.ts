/**
 * CloudFormation's quotas and vend's budget under them, checked once: for every synthesized stack
 * and StackSet body (lib/aws/stack-limits.ts measures the assembly), and for the stacks `vend
 * validate` predicts from the catalog (rules/cloudformation-quotas.ts). The quotas are data
 * (quotas.ts, from the CloudFormation user guide's "Understand CloudFormation quotas"; organization.yaml
 * overrides them after an increase); vend keeps 50 resources of headroom below the 500 per stack
 * for new resource kinds.
 */
import type { Diagnostic } from './diagnostic';
import { DEFAULT_QUOTAS, type Quotas } from './quotas';

/** vend's budget below CloudFormation's 500 resources per stack. */
export const MAX_RESOURCES_PER_STACK = 450;
export const MAX_OUTPUTS_PER_STACK = DEFAULT_QUOTAS.cloudFormationOutputsPerTemplate;
/** CloudFormation's limit on a template uploaded through S3 (what `cdk deploy` does). */
export const MAX_TEMPLATE_BYTES = DEFAULT_QUOTAS.cloudFormationTemplateS3Bytes;

/** The size of one CloudFormation template, as synthesized or as predicted from the catalog. */
export interface StackSize {
  /** The stack's name, or `<stack>/<StackSet>` for a StackSet's body. */
  readonly stack: string;
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: number;
  readonly parameters?: number;
  /** Passed inline (a StackSet's TemplateBody: 51,200 bytes) rather than uploaded to S3 (1 MB). */
  readonly inline?: boolean;
}

/** Problems of one stack, located at its template file in the assembly. */
export function stackSizeProblems(size: StackSize, quotas: Quotas = DEFAULT_QUOTAS): Diagnostic[] {
  const file = `${size.stack.split('/')[0]}.template.json`;
  const at = (path: string, code: string, message: string): Diagnostic => ({ code, severity: 'error', file, line: 0, path, message });
  const problems: Diagnostic[] = [];
  if (size.resources > MAX_RESOURCES_PER_STACK && !size.inline) {
    problems.push(at('Resources', 'stack-resources', `${size.stack} has ${size.resources} resources; vend's budget is ${MAX_RESOURCES_PER_STACK} (raise SHARDS_PER_KIND)`));
  }
  const over = (path: string, code: string, what: string, count: number, limit: number) => {
    if (count > limit) problems.push(at(path, code, `${size.stack} has ${count} ${what}; CloudFormation accepts ${limit}`));
  };
  if (size.inline) over('Resources', 'stack-resources', 'resources', size.resources, quotas.cloudFormationResourcesPerTemplate);
  over('Parameters', 'stack-parameters', 'parameters', size.parameters ?? 0, quotas.cloudFormationParametersPerTemplate);
  over('Outputs', 'stack-outputs', 'outputs', size.outputs, quotas.cloudFormationOutputsPerTemplate);
  const maxBytes = size.inline ? quotas.cloudFormationTemplateBodyBytes : quotas.cloudFormationTemplateS3Bytes;
  if (size.bytes > maxBytes) {
    problems.push(at('', 'stack-size', `${size.stack} is ${size.bytes} bytes${size.inline ? ' inline' : ''}; CloudFormation accepts ${maxBytes}`));
  }
  return problems;
}

/** What one administrator account and region holds: its stacks, its StackSets and their instances. */
export interface CloudFormationFootprint {
  readonly stacks: number;
  readonly stackSets: number;
  /** The most stack instances any one StackSet has. */
  readonly largestStackSet: number;
}

/** Problems of the management account's footprint against CloudFormation's account quotas. */
export function accountQuotaProblems(footprint: CloudFormationFootprint, quotas: Quotas = DEFAULT_QUOTAS): Diagnostic[] {
  const at = (path: string, message: string): Diagnostic => ({ code: 'cloudformation-quota', severity: 'error', file: 'manifest.json', line: 0, path, message });
  const problems: Diagnostic[] = [];
  if (footprint.stacks > quotas.cloudFormationStacks) {
    problems.push(at('artifacts', `${footprint.stacks} stacks in the management account; CloudFormation allows ${quotas.cloudFormationStacks} per region (quotas.cloudFormationStacks after an increase)`));
  }
  if (footprint.stackSets > quotas.cloudFormationStackSets) {
    problems.push(at('artifacts', `${footprint.stackSets} StackSets in the management account; CloudFormation allows ${quotas.cloudFormationStackSets} (quotas.cloudFormationStackSets after an increase)`));
  }
  if (footprint.largestStackSet > quotas.cloudFormationStackInstancesPerStackSet) {
    problems.push(at('artifacts', `a StackSet with ${footprint.largestStackSet} stack instances; CloudFormation allows ${quotas.cloudFormationStackInstancesPerStackSet}`));
  }
  return problems;
}
