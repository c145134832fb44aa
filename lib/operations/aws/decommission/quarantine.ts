/**
 * IaC step `quarantine`: the deploy has placed the account in the Quarantine OU, and that OU has its
 * guardrails (deny-all) attached. The CLI only checks.
 */
import { ListPoliciesForTargetCommand } from '@aws-sdk/client-organizations';
import type { LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { allPages } from '../clients';
import { parentOf } from '../organization';
import type { AwsSteps } from './context';

export function quarantineStep(s: AwsSteps, spec: LifecycleStep): Step {
  return {
    spec,
    async inspect() {
      const target = await s.quarantineOu();
      if (!target) return { done: false, detail: `the Quarantine OU ${s.quarantinePath} does not exist yet`, actions: [] };
      const attached = await allPages(
        (NextToken) => s.aws.send('organizations', new ListPoliciesForTargetCommand({ TargetId: target, Filter: 'SERVICE_CONTROL_POLICY', NextToken })),
        (p) => p.Policies,
      );
      const missing = s.quarantineScps().filter((n) => !attached.some((p) => p.Name === n));
      const parent = await parentOf(s.aws, s.account.id);
      const where = await s.pathOf(parent);
      if (missing.length) return { done: false, detail: `${s.quarantinePath} lacks ${missing.join(', ')}; the account is in ${where}` };
      if (parent !== target) return { done: false, detail: `the account is in ${where}, not ${s.quarantinePath}` };
      return { done: true, detail: `in ${s.quarantinePath}, which has ${s.quarantineScps().join(', ')}` };
    },
  };
}
