/** The decommission sequence of each cloud, and the rules any sequence must satisfy. */
import type { Cloud, UnitKind } from '../schema';
import { AWS_DECOMMISSION } from './aws-decommission';
import { AZURE_DECOMMISSION } from './azure-decommission';
import type { LifecycleStep } from './step';

export function decommissionSequence(cloud: Cloud): readonly LifecycleStep[] {
  return cloud === 'aws' ? AWS_DECOMMISSION : AZURE_DECOMMISSION;
}

/** Does `step` concern `unit`? A PoP step only concerns Spaces that reach an AWS PoP. */
export function stepApplies(step: LifecycleStep, unit: { kind: UnitKind; popCloud?: Cloud }): boolean {
  return step.scope === 'all' || (unit.kind === 'Space' && unit.popCloud === 'aws');
}

/**
 * Problems with a sequence, empty when it is sound: ids unique, every requirement an earlier step,
 * every CLI step listing the calls it makes and at least one write, every IaC step saying what to
 * deploy and making no write, and nothing after the step that ends the unit (close / cancel).
 */
export function sequenceProblems(steps: readonly LifecycleStep[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  steps.forEach((step, i) => {
    const where = `${step.cloud} step ${step.id}`;
    if (seen.has(step.id)) problems.push(`${where}: duplicate id`);
    for (const r of step.requires) if (!seen.has(r)) problems.push(`${where}: requires ${r}, which does not come before it`);
    seen.add(step.id);
    const writes = step.calls.filter((c) => c.access === 'write');
    if (step.runs === 'iac') {
      if (!step.deploy) problems.push(`${where}: an IaC step must say what to deploy`);
      if (writes.length) problems.push(`${where}: the CLI only checks IaC steps, yet it lists writes (${writes.map((c) => c.action).join(', ')})`);
    } else {
      if (!writes.length) problems.push(`${where}: a CLI step that changes nothing`);
      const iacAfter = steps.slice(i + 1).filter((s) => s.runs === 'iac');
      if (iacAfter.length) problems.push(`${where}: IaC steps come after a CLI step (${iacAfter.map((s) => s.id).join(', ')})`);
    }
    if ((step.deployCalls?.length || step.deployDeletes) && step.runs !== 'iac') problems.push(`${where}: only an IaC step lists what the deploy calls`);
    if ([...step.calls, ...(step.deployCalls ?? [])].some((c) => c.target !== 'management' && c.principal === 'management-pipeline' && !c.action.startsWith('sts:'))) {
      problems.push(`${where}: the management pipeline acts in a member account directly; member-account calls run as a member principal`);
    }
  });
  const last = steps[steps.length - 1];
  if (last && last.placement !== 'quarantine') problems.push(`${last.cloud} step ${last.id}: the last step must run with the unit in quarantine`);
  return problems;
}
