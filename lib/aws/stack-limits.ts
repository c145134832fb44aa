import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { MAX_RESOURCES_PER_STACK, MAX_TEMPLATE_BYTES } from './topology';

export interface StackSize {
  readonly stack: string;
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: number;
}

/** CloudFormation's limit on outputs per stack (cross-stack references are outputs). */
export const MAX_OUTPUTS_PER_STACK = 200;

/** Resource count and template size of every stack in an assembly. */
export function stackSizes(assembly: CloudAssembly): StackSize[] {
  return assembly.stacks.map((s) => ({
    stack: s.stackName,
    resources: Object.keys((s.template as { Resources?: object }).Resources ?? {}).length,
    bytes: Buffer.byteLength(JSON.stringify(s.template)),
    outputs: Object.keys((s.template as { Outputs?: object }).Outputs ?? {}).length,
  }));
}

/** Stacks that would exceed vend's resource budget or CloudFormation's template size limit. */
export function checkStackLimits(assembly: CloudAssembly): string[] {
  const problems: string[] = [];
  for (const size of stackSizes(assembly)) {
    if (size.resources > MAX_RESOURCES_PER_STACK) {
      problems.push(`${size.stack} has ${size.resources} resources; vend's budget is ${MAX_RESOURCES_PER_STACK} (raise SHARDS_PER_KIND)`);
    }
    if (size.outputs > MAX_OUTPUTS_PER_STACK) {
      problems.push(`${size.stack} has ${size.outputs} outputs; CloudFormation accepts ${MAX_OUTPUTS_PER_STACK}`);
    }
    if (size.bytes > MAX_TEMPLATE_BYTES) {
      problems.push(`${size.stack} is ${size.bytes} bytes; CloudFormation accepts ${MAX_TEMPLATE_BYTES}`);
    }
  }
  return problems;
}

export class StackLimitError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`stacks over CloudFormation limits:\n  ${problems.join('\n  ')}`);
    this.name = 'StackLimitError';
  }
}
