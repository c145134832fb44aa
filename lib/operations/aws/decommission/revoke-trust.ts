/**
 * CLI step `revoke-trust`, as OrganizationAccountAccessRole inside the (quarantined) account: every
 * role whose trust reaches beyond the account — another account, an external identity provider,
 * everyone, NotPrincipal — gets a deny-all trust policy, except the roles the model keeps
 * (lib/model/lifecycle/member-roles.ts).
 */
import { GetRoleCommand, ListRolesCommand, UpdateAssumeRolePolicyCommand, type Role } from '@aws-sdk/client-iam';
import { CLOSED_ACCOUNT_STATES, keptRoleReason, type LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { allPages } from '../clients';
import { accountStatus } from '../organization';
import type { AwsSteps } from './context';
import { DENY_ALL_TRUST, externalGrants } from './trust-policy';

export function revokeTrustStep(s: AwsSteps, spec: LifecycleStep): Step {
  const trusting = async (): Promise<Array<{ role: Role; grants: string[] }>> => {
    const iam = await s.memberClients();
    const roles = await allPages(
      (Marker) => iam.send('iam', new ListRolesCommand({ Marker })).then((p) => ({ ...p, NextToken: p.IsTruncated ? p.Marker : undefined })),
      (p) => p.Roles,
    );
    return roles
      .filter((r) => !keptRoleReason({ name: r.RoleName!, path: r.Path }))
      .map((role) => ({ role, grants: externalGrants(role.AssumeRolePolicyDocument, s.account.id).map((g) => `${g.kind} ${g.who}`) }))
      .filter((r) => r.grants.length > 0);
  };
  return {
    spec,
    async inspect() {
      // A closed account's roles can no longer be assumed by anyone, vend included.
      const status = await accountStatus(s.aws, s.account.id);
      if (CLOSED_ACCOUNT_STATES.has(status)) return { done: true, detail: `account ${status}: no role can be assumed` };
      const found = await trusting();
      return {
        done: found.length === 0,
        detail: found.length ? `${found.length} role(s) trusted from outside the account` : 'no role is trusted from outside the account',
        actions: found.map((r) => `deny-all trust for ${r.role.RoleName} (trusts ${r.grants.join(', ')})`),
      };
    },
    async apply() {
      const iam = await s.memberClients();
      const revoked: string[] = [];
      for (const { role } of await trusting()) {
        const current = await iam.send('iam', new GetRoleCommand({ RoleName: role.RoleName! }));
        if (!externalGrants(current.Role?.AssumeRolePolicyDocument, s.account.id).length) continue;
        await iam.send('iam', new UpdateAssumeRolePolicyCommand({ RoleName: role.RoleName!, PolicyDocument: DENY_ALL_TRUST }));
        revoked.push(role.RoleName!);
      }
      return { roles: revoked };
    },
  };
}
