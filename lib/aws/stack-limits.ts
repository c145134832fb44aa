import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { accountQuotaProblems, DEFAULT_QUOTAS, formatDiagnostic, stackSizeProblems, type Diagnostic, type Quotas, type StackSize } from '../model';
import { templateStackSetProblems } from './stacksets/instance-groups';

export { MAX_OUTPUTS_PER_STACK, type StackSize } from '../model';

interface Template {
  Resources?: Record<string, { Type: string; Properties?: { TemplateBody?: unknown; StackSetName?: string; StackInstancesGroup?: unknown[] } }>;
  Parameters?: object;
  Outputs?: object;
}

function sizeOf(stack: string, template: Template, inline = false): StackSize {
  return {
    stack,
    resources: Object.keys(template.Resources ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    bytes: Buffer.byteLength(JSON.stringify(template)),
    inline,
  };
}

/** Resource, parameter and output counts and template size of every stack in an assembly. */
export function stackSizes(assembly: CloudAssembly): StackSize[] {
  return assembly.stacks.map((s) => sizeOf(s.stackName, s.template as Template));
}

/** Every StackSet of the assembly with the stack that declares it. */
function stackSets(assembly: CloudAssembly) {
  return assembly.stacks.flatMap((s) =>
    Object.values((s.template as Template).Resources ?? {})
      .filter((r) => r.Type === 'AWS::CloudFormation::StackSet')
      .map((r) => ({ stack: s.stackName, props: r.Properties ?? {} })),
  );
}

/**
 * What CloudFormation would refuse in an assembly, against the quotas `vend validate` predicts with
 * (lib/model/stack-limits.ts): every stack and every StackSet body (inline), the StackSet
 * handler's instance-group rules, and the management account's stacks and StackSets.
 */
export function checkStackLimits(assembly: CloudAssembly, quotas: Quotas = DEFAULT_QUOTAS): Diagnostic[] {
  const problems = stackSizes(assembly).flatMap((size) => stackSizeProblems(size, quotas));
  const sets = stackSets(assembly);
  for (const { stack, props } of sets) {
    if (typeof props.TemplateBody !== 'string') continue;
    problems.push(...stackSizeProblems(sizeOf(`${stack}/${props.StackSetName}`, JSON.parse(props.TemplateBody) as Template, true), quotas));
  }
  for (const s of assembly.stacks) {
    for (const message of templateStackSetProblems(s.template as Template)) {
      problems.push({ code: 'stackset-instances', severity: 'error', file: `${s.stackName}.template.json`, line: 0, path: 'Resources', message });
    }
  }
  const largestStackSet = Math.max(0, ...sets.map(({ props }) => (props.StackInstancesGroup ?? []).length));
  problems.push(...accountQuotaProblems({ stacks: assembly.stacks.length, stackSets: sets.length, largestStackSet }, quotas));
  return problems;
}

export class StackLimitError extends Error {
  constructor(readonly problems: readonly Diagnostic[]) {
    super(`stacks over CloudFormation limits:\n  ${problems.map(formatDiagnostic).join('\n  ')}`);
    this.name = 'StackLimitError';
  }
}
