import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { formatDiagnostic, stackSizeProblems, type Diagnostic, type StackSize } from '../model';

export { MAX_OUTPUTS_PER_STACK, type StackSize } from '../model';

/** Resource count and template size of every stack in an assembly. */
export function stackSizes(assembly: CloudAssembly): StackSize[] {
  return assembly.stacks.map((s) => ({
    stack: s.stackName,
    resources: Object.keys((s.template as { Resources?: object }).Resources ?? {}).length,
    bytes: Buffer.byteLength(JSON.stringify(s.template)),
    outputs: Object.keys((s.template as { Outputs?: object }).Outputs ?? {}).length,
  }));
}

/** Stacks over CloudFormation's quotas or vend's budget (the model's stack-limits.ts says which). */
export function checkStackLimits(assembly: CloudAssembly): Diagnostic[] {
  return stackSizes(assembly).flatMap(stackSizeProblems);
}

export class StackLimitError extends Error {
  constructor(readonly problems: readonly Diagnostic[]) {
    super(`stacks over CloudFormation limits:\n  ${problems.map(formatDiagnostic).join('\n  ')}`);
    this.name = 'StackLimitError';
  }
}
