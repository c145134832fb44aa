import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { accountQuotaProblems, DEFAULT_QUOTAS, templateQuotaProblems, type Quotas, type TemplateSize } from '../model/quotas';
import { templateStackSetProblems } from './stacksets/instance-groups';
import { MAX_RESOURCES_PER_STACK } from './topology';

export interface StackSize extends TemplateSize {
  readonly stack: string;
}

interface Template {
  Resources?: Record<string, { Type: string; Properties?: { TemplateBody?: unknown; StackSetName?: string; StackInstancesGroup?: unknown[] } }>;
  Parameters?: object;
  Outputs?: object;
}

function sizeOf(name: string, template: Template, inline = false): StackSize {
  const body = JSON.stringify(template);
  return {
    stack: name,
    name,
    resources: Object.keys(template.Resources ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    bytes: Buffer.byteLength(body),
    inline,
  };
}

/** Resource, parameter and output counts and template size of every stack in an assembly. */
export function stackSizes(assembly: CloudAssembly): StackSize[] {
  return assembly.stacks.map((s) => sizeOf(s.stackName, s.template as Template));
}

/** Every StackSet of the assembly with the stack that declares it and its (inline) template. */
function stackSets(assembly: CloudAssembly) {
  return assembly.stacks.flatMap((s) =>
    Object.values((s.template as Template).Resources ?? {})
      .filter((r) => r.Type === 'AWS::CloudFormation::StackSet')
      .map((r) => ({ stack: s.stackName, props: r.Properties ?? {} })),
  );
}

/**
 * What CloudFormation would refuse in an assembly, checked against the same quotas `vend validate`
 * predicts (lib/model/quotas.ts): per template, vend's resource budget and CloudFormation's
 * resources, parameters, outputs and size (inline for StackSet bodies); per StackSet, the
 * handler's instance-group rules; for the management account, its stacks and StackSets.
 */
export function checkStackLimits(assembly: CloudAssembly, quotas: Quotas = DEFAULT_QUOTAS): string[] {
  const problems: string[] = [];
  for (const size of stackSizes(assembly)) {
    if (size.resources > MAX_RESOURCES_PER_STACK) {
      problems.push(`${size.stack} has ${size.resources} resources; vend's budget is ${MAX_RESOURCES_PER_STACK} (raise SHARDS_PER_KIND)`);
    }
    problems.push(...templateQuotaProblems(size, quotas));
  }
  const sets = stackSets(assembly);
  let largest = 0;
  for (const { stack, props } of sets) {
    largest = Math.max(largest, (props.StackInstancesGroup ?? []).length);
    if (typeof props.TemplateBody === 'string') {
      problems.push(...templateQuotaProblems(sizeOf(`${stack}/${props.StackSetName}`, JSON.parse(props.TemplateBody) as Template, true), quotas));
    }
  }
  for (const s of assembly.stacks) problems.push(...templateStackSetProblems(s.template as Template));
  problems.push(...accountQuotaProblems({ stacks: assembly.stacks.length, stackSets: sets.length, largestStackSet: largest }, quotas));
  return problems;
}

export class StackLimitError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`stacks over CloudFormation limits:\n  ${problems.join('\n  ')}`);
    this.name = 'StackLimitError';
  }
}
