/**
 * IaC step `remove-baseline`: no vend stack set (baseline, PoP access) has a stack instance in the
 * account. The StackSets service deletes them when the deploy stops targeting the account; the CLI
 * only checks.
 */
import { ListStackInstancesCommand, ListStackSetsCommand } from '@aws-sdk/client-cloudformation';
import type { LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { allPages } from '../clients';
import type { AwsSteps } from './context';

/** Every stack set vend deploys is named `vend-…`. */
export const VEND_STACK_SET_PREFIX = 'vend-';

export function removeBaselineStep(s: AwsSteps, spec: LifecycleStep): Step {
  return {
    spec,
    async inspect() {
      const sets = await allPages((NextToken) => s.aws.send('cloudformation', new ListStackSetsCommand({ Status: 'ACTIVE', NextToken })), (p) => p.Summaries);
      const found: string[] = [];
      for (const set of sets.filter((x) => x.StackSetName?.startsWith(VEND_STACK_SET_PREFIX))) {
        const instances = await allPages(
          (NextToken) => s.aws.send('cloudformation', new ListStackInstancesCommand({ StackSetName: set.StackSetName!, StackInstanceAccount: s.account.id, NextToken })),
          (p) => p.Summaries,
        );
        const regions = [...new Set(instances.filter((i) => i.Account === s.account.id).map((i) => i.Region!))].sort();
        if (regions.length) found.push(`${set.StackSetName} in ${regions.join(', ')}`);
      }
      return { done: found.length === 0, detail: found.length ? `stack instances remain: ${found.join('; ')}` : 'no vend stack instances' };
    },
  };
}
