/**
 * CloudFormation's per-stack quotas and vend's budget under them, checked once for every
 * synthesized stack (docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html:
 * 500 resources, 200 outputs, a 1 MB template uploaded through S3). vend keeps 50 resources of
 * headroom for new resource kinds. The AWS realization's guard (lib/aws/stack-limits.ts) measures
 * the assembly and reports through these.
 */
import type { Diagnostic } from './diagnostic';

/** vend's budget below CloudFormation's 500 resources per stack. */
export const MAX_RESOURCES_PER_STACK = 450;
export const MAX_OUTPUTS_PER_STACK = 200;
/** CloudFormation's limit on a template uploaded through S3 (what `cdk deploy` does). */
export const MAX_TEMPLATE_BYTES = 1_000_000;

export interface StackSize {
  readonly stack: string;
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: number;
}

/** Problems of one stack, located at its template file in the assembly. */
export function stackSizeProblems(size: StackSize): Diagnostic[] {
  const at = (path: string, code: string, message: string): Diagnostic => ({ code, severity: 'error', file: `${size.stack}.template.json`, line: 0, path, message });
  const problems: Diagnostic[] = [];
  if (size.resources > MAX_RESOURCES_PER_STACK) {
    problems.push(at('Resources', 'stack-resources', `${size.stack} has ${size.resources} resources; vend's budget is ${MAX_RESOURCES_PER_STACK} (raise SHARDS_PER_KIND)`));
  }
  if (size.outputs > MAX_OUTPUTS_PER_STACK) {
    problems.push(at('Outputs', 'stack-outputs', `${size.stack} has ${size.outputs} outputs; CloudFormation accepts ${MAX_OUTPUTS_PER_STACK}`));
  }
  if (size.bytes > MAX_TEMPLATE_BYTES) {
    problems.push(at('', 'stack-size', `${size.stack} is ${size.bytes} bytes; CloudFormation accepts ${MAX_TEMPLATE_BYTES}`));
  }
  return problems;
}
