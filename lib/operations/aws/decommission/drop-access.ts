/** IaC step `drop-access`: no Identity Center account assignment names the account. The CLI only checks. */
import { ListAccountAssignmentsCommand, ListInstancesCommand, ListPermissionSetsCommand, type AccountAssignment } from '@aws-sdk/client-sso-admin';
import type { LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { noneLeft } from '../../decommission/steps-from-model';
import { allPages } from '../clients';
import type { AwsSteps } from './context';

export function dropAccessStep(s: AwsSteps, spec: LifecycleStep): Step {
  const assignments = async (): Promise<AccountAssignment[]> => {
    const arn = s.ctx.model.catalog.organization.spec.aws?.identityCenterInstanceArn ?? (await s.aws.send('sso-admin', new ListInstancesCommand({}))).Instances?.[0]?.InstanceArn;
    if (!arn) throw new Error('no IAM Identity Center instance found');
    const sets = await allPages((NextToken) => s.aws.send('sso-admin', new ListPermissionSetsCommand({ InstanceArn: arn, NextToken })), (p) => p.PermissionSets);
    const out: AccountAssignment[] = [];
    for (const ps of sets) {
      out.push(
        ...(await allPages(
          (NextToken) => s.aws.send('sso-admin', new ListAccountAssignmentsCommand({ InstanceArn: arn, AccountId: s.account.id, PermissionSetArn: ps, NextToken })),
          (p) => p.AccountAssignments,
        )),
      );
    }
    return out;
  };
  return {
    spec,
    async inspect() {
      return noneLeft(await assignments(), { some: 'account assignment(s) remain', none: 'no account assignments' }, (a) => `${a.PrincipalType} ${a.PrincipalId} → ${a.PermissionSetArn}`);
    },
  };
}
