/**
 * AWS decommission steps: revoke Identity Center access, revoke cross-account role trust (all
 * but the organization's access role, which the later steps use), quarantine, remove the Space's
 * endpoint-service permissions at its PoP, remove the baseline stack instances, close.
 * Each step reads the real state first.
 */
import {
  DeleteStackInstancesCommand,
  ListStackInstancesCommand,
  ListStackSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, ListRolesCommand, UpdateAssumeRolePolicyCommand, type Role } from '@aws-sdk/client-iam';
import { CloseAccountCommand, ListPoliciesForTargetCommand, MoveAccountCommand } from '@aws-sdk/client-organizations';
import {
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  type AccountAssignment,
} from '@aws-sdk/client-sso-admin';
import {
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointServicePermissionsCommand,
  ModifyVpcEndpointServicePermissionsCommand,
} from '@aws-sdk/client-ec2';
import { createHash } from 'node:crypto';
import { scpName, type EffectiveUnit, type VendModel } from '../../model';
import { systemClock, type Clock } from '../client';
import { StepQueued, type Step } from '../decommission/engine';
import { closureQuota } from '../decommission/rules';
import type { Ledger } from '../ledger';
import { allPages, type AwsClients } from './clients';
import { BASELINE_STACK_SET_PREFIX } from './inventory';
import { accountStatus, countAccounts, locateAccount, ouIdByPath, parentOf, type LocatedAccount } from './organization';

export interface AwsDecommissionContext {
  readonly aws: AwsClients;
  readonly model: VendModel;
  readonly unit: EffectiveUnit;
  readonly account: LocatedAccount;
  readonly ledger: Ledger;
  readonly now?: () => Date;
  readonly clock?: Clock;
  /** Role assumed in the member account to revoke role trust. @default OrganizationAccountAccessRole */
  readonly memberRoleName?: string;
  /** @default 'vend-baseline' */
  readonly baselineStackSetPrefix?: string;
  /** Polling interval for asynchronous operations. @default 1000 ms */
  readonly pollMs?: number;
}

export const MEMBER_ROLE = 'OrganizationAccountAccessRole';
const CLOSED = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);
const DENY_ALL_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'VendDecommissioned', Effect: 'Deny', Principal: { AWS: '*' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }],
});

export function awsDecommissionSteps(ctx: AwsDecommissionContext): Step[] {
  const { aws, account } = ctx;
  const clock = ctx.clock ?? systemClock;
  const pollMs = ctx.pollMs ?? 1000;
  const now = ctx.now ?? (() => new Date());
  const memberRole = ctx.memberRoleName ?? MEMBER_ROLE;
  const keepRoles = new Set([memberRole, ctx.model.catalog.organization.spec.aws?.vendingRoleName ?? 'VendPipelineRole']);
  const prefix = ctx.baselineStackSetPrefix ?? BASELINE_STACK_SET_PREFIX;
  const quarantinePath = ctx.model.hierarchy.node('quarantine').aws.path;

  // Moving into Quarantine only quarantines if its deny-all guardrail is really attached.
  const quarantineScps = ctx.model.hierarchy
    .node('quarantine')
    .controls.filter((c) => ctx.model.catalog.controls.get(c)?.spec.aws)
    .map(scpName);
  const requireGuardrails = async (ouId: string) => {
    const attached = await allPages(
      (NextToken) => aws.send('organizations', new ListPoliciesForTargetCommand({ TargetId: ouId, Filter: 'SERVICE_CONTROL_POLICY', NextToken })),
      (p) => p.Policies,
    );
    const missing = quarantineScps.filter((n) => !attached.some((p) => p.Name === n));
    if (missing.length) throw new Error(`${quarantinePath} lacks ${missing.join(', ')}; deploy the organization before decommissioning`);
  };

  let instanceArn: string | undefined = ctx.model.catalog.organization.spec.aws?.identityCenterInstanceArn;
  const instance = async () => {
    if (instanceArn) return instanceArn;
    const out = await aws.send('sso-admin', new ListInstancesCommand({}));
    instanceArn = out.Instances?.[0]?.InstanceArn;
    if (!instanceArn) throw new Error('no IAM Identity Center instance found');
    return instanceArn;
  };
  const assignments = async (): Promise<AccountAssignment[]> => {
    const arn = await instance();
    const sets = await allPages((NextToken) => aws.send('sso-admin', new ListPermissionSetsCommand({ InstanceArn: arn, NextToken })), (p) => p.PermissionSets);
    const out: AccountAssignment[] = [];
    for (const ps of sets) {
      out.push(
        ...(await allPages(
          (NextToken) => aws.send('sso-admin', new ListAccountAssignmentsCommand({ InstanceArn: arn, AccountId: account.id, PermissionSetArn: ps, NextToken })),
          (p) => p.AccountAssignments,
        )),
      );
    }
    return out;
  };

  let member: AwsClients | undefined;
  const memberClients = async () => (member ??= await aws.assume(account.id, memberRole, `vend-decommission-${ctx.unit.name}`));

  // The PoP this Space reaches: its endpoint services must stop allowing the Space's account.
  const popUnit = ctx.unit.network?.pop ? ctx.model.unit(ctx.unit.network.pop) : undefined;
  const spacePrincipal = `arn:aws:iam::${account.id}:root`;
  let pop: AwsClients | null | undefined;
  const popClients = async (): Promise<AwsClients | null> => {
    if (pop !== undefined) return pop;
    if (!popUnit || popUnit.cloud !== 'aws') return (pop = null);
    const popAccount = await locateAccount(aws, ctx.model, popUnit);
    return (pop = popAccount ? await aws.assume(popAccount.id, memberRole, `vend-decommission-${ctx.unit.name}`, popUnit.region) : null);
  };
  const endpointGrants = async (): Promise<string[]> => {
    const ec2 = await popClients();
    if (!ec2) return [];
    const services = await allPages((NextToken) => ec2.send('ec2', new DescribeVpcEndpointServiceConfigurationsCommand({ NextToken })), (p) => p.ServiceConfigurations);
    const granted: string[] = [];
    for (const s of services) {
      const perms = await allPages(
        (NextToken) => ec2.send('ec2', new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: s.ServiceId!, NextToken })),
        (p) => p.AllowedPrincipals,
      );
      if (perms.some((p) => p.Principal === spacePrincipal)) granted.push(s.ServiceId!);
    }
    return granted;
  };
  const trustingRoles = async (): Promise<Role[]> => {
    const iam = await memberClients();
    const roles = await allPages((Marker) => iam.send('iam', new ListRolesCommand({ Marker })).then((p) => ({ ...p, NextToken: p.IsTruncated ? p.Marker : undefined })), (p) => p.Roles);
    return roles.filter((r) => !keepRoles.has(r.RoleName!) && !r.Path?.startsWith('/aws-service-role/') && trustsOtherAccount(r.AssumeRolePolicyDocument, account.id));
  };

  const baselineInstances = async () => {
    const sets = await allPages((NextToken) => aws.send('cloudformation', new ListStackSetsCommand({ Status: 'ACTIVE', NextToken })), (p) => p.Summaries);
    const out: Array<{ set: string; regions: string[] }> = [];
    for (const s of sets.filter((x) => x.StackSetName?.startsWith(prefix))) {
      const instances = await allPages(
        (NextToken) => aws.send('cloudformation', new ListStackInstancesCommand({ StackSetName: s.StackSetName!, StackInstanceAccount: account.id, NextToken })),
        (p) => p.Summaries,
      );
      const regions = [...new Set(instances.filter((i) => i.Account === account.id).map((i) => i.Region!))].sort();
      if (regions.length) out.push({ set: s.StackSetName!, regions });
    }
    return out;
  };

  return [
    {
      name: 'revoke-access',
      title: 'Revoke Identity Center access',
      async inspect() {
        const found = await assignments();
        return {
          done: found.length === 0,
          detail: found.length ? `${found.length} account assignment(s)` : 'no account assignments',
          actions: found.map((a) => `delete assignment ${a.PrincipalType} ${a.PrincipalId} → ${a.PermissionSetArn}`),
        };
      },
      async apply() {
        const arn = await instance();
        let deleted = 0;
        for (const a of await assignments()) {
          try {
            const out = await aws.send(
              'sso-admin',
              new DeleteAccountAssignmentCommand({
                InstanceArn: arn,
                TargetId: account.id,
                TargetType: 'AWS_ACCOUNT',
                PermissionSetArn: a.PermissionSetArn!,
                PrincipalType: a.PrincipalType!,
                PrincipalId: a.PrincipalId!,
              }),
            );
            let status = out.AccountAssignmentDeletionStatus;
            while (status?.Status === 'IN_PROGRESS' && status.RequestId) {
              await clock.sleep(pollMs);
              status = (
                await aws.send('sso-admin', new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: arn, AccountAssignmentDeletionRequestId: status.RequestId }))
              ).AccountAssignmentDeletionStatus;
            }
            if (status?.Status === 'FAILED') throw new Error(`deleting assignment of ${a.PrincipalId} failed: ${status.FailureReason}`);
            deleted++;
          } catch (e) {
            if ((e as Error).name !== 'ResourceNotFoundException') throw e; // already gone: nothing to do
          }
        }
        return { deleted };
      },
    },
    {
      name: 'revoke-role-trust',
      title: 'Revoke cross-account role trust',
      async inspect() {
        // A closed account's roles can no longer be assumed by anyone, vend included.
        const status = await accountStatus(aws, account.id);
        if (CLOSED.has(status)) return { done: true, detail: `account ${status}: no role can be assumed` };
        const roles = await trustingRoles();
        return {
          done: roles.length === 0,
          detail: roles.length ? `${roles.length} role(s) trusted by other accounts` : 'no role trusts another account',
          actions: roles.map((r) => `replace the trust policy of ${r.RoleName} with deny-all`),
        };
      },
      async apply() {
        const iam = await memberClients();
        const roles = await trustingRoles();
        for (const r of roles) {
          const current = await iam.send('iam', new GetRoleCommand({ RoleName: r.RoleName! }));
          if (!trustsOtherAccount(current.Role?.AssumeRolePolicyDocument, account.id)) continue;
          await iam.send('iam', new UpdateAssumeRolePolicyCommand({ RoleName: r.RoleName!, PolicyDocument: DENY_ALL_TRUST }));
        }
        return { roles: roles.map((r) => r.RoleName) };
      },
    },
    {
      name: 'quarantine',
      title: 'Move to the Quarantine OU',
      async inspect() {
        const target = await ouIdByPath(aws, quarantinePath);
        if (!target) throw new Error(`the Quarantine OU ${quarantinePath} does not exist; deploy the organization first`);
        await requireGuardrails(target);
        const parent = await parentOf(aws, account.id);
        if (parent === target) return { done: true, detail: `in ${quarantinePath}` };
        const home = ctx.model.hierarchy.node(`${ctx.unit.environment}/${ctx.unit.kind}`).aws.path;
        const where = parent === (await ouIdByPath(aws, home)) ? home : parent;
        return { done: false, detail: `in ${where}`, actions: [`move ${account.id} from ${where} to ${quarantinePath}`] };
      },
      async apply() {
        const target = (await ouIdByPath(aws, quarantinePath))!;
        const parent = await parentOf(aws, account.id);
        if (parent === target) return { moved: false };
        try {
          await aws.send('organizations', new MoveAccountCommand({ AccountId: account.id, SourceParentId: parent, DestinationParentId: target }));
        } catch (e) {
          // A retried move that had already gone through: the account is where we wanted it.
          if ((e as Error).name !== 'DuplicateAccountException' && (e as Error).name !== 'SourceParentNotFoundException') throw e;
        }
        return { moved: true, from: parent, to: target };
      },
    },
    {
      name: 'remove-endpoint-access',
      title: 'Remove endpoint-service permissions',
      async inspect() {
        if (!popUnit) return { done: true, detail: 'the unit reaches no PoP' };
        const granted = await endpointGrants();
        return {
          done: granted.length === 0,
          detail: granted.length ? `${popUnit.name} allows ${account.id} on ${granted.join(', ')}` : `${popUnit.name} no longer allows ${account.id}`,
          actions: granted.map((id) => `remove ${spacePrincipal} from ${id} in ${popUnit.name}`),
        };
      },
      async apply() {
        const ec2 = (await popClients())!;
        const services = await endpointGrants();
        for (const ServiceId of services) {
          await ec2.send('ec2', new ModifyVpcEndpointServicePermissionsCommand({ ServiceId, RemoveAllowedPrincipals: [spacePrincipal] }));
        }
        return { services };
      },
    },
    {
      name: 'remove-baseline',
      title: 'Remove the baseline stack instances',
      async inspect() {
        const found = await baselineInstances();
        return {
          done: found.length === 0,
          detail: found.length ? found.map((f) => `${f.set} in ${f.regions.join(', ')}`).join('; ') : 'no baseline stack instances',
          actions: found.map((f) => `delete stack instances of ${f.set} for ${account.id} in ${f.regions.join(', ')}`),
        };
      },
      async apply() {
        const removed: string[] = [];
        for (const f of await baselineInstances()) {
          // A deterministic operation id makes a rerun after a crash the same operation, not a second one.
          const OperationId = `vend-decom-${createHash('sha256').update(`${account.id}/${f.set}/${f.regions.join(',')}`).digest('hex').slice(0, 24)}`;
          try {
            await aws.send('cloudformation', new DeleteStackInstancesCommand({ StackSetName: f.set, Accounts: [account.id], Regions: f.regions, RetainStacks: false, OperationId }));
          } catch (e) {
            if ((e as Error).name !== 'OperationIdAlreadyExistsException') throw e;
          }
          // Wait on the real state (the instances gone) rather than on the operation record.
          for (let i = 0; ; i++) {
            const left = (await baselineInstances()).find((x) => x.set === f.set);
            if (!left) break;
            if (i >= 600) throw new Error(`stack instances of ${f.set} for ${account.id} still present after operation ${OperationId}`);
            await clock.sleep(pollMs);
          }
          removed.push(f.set);
        }
        return { stackSets: removed };
      },
    },
    {
      name: 'close',
      title: 'Close the account',
      async inspect() {
        const status = await accountStatus(aws, account.id);
        if (CLOSED.has(status)) return { done: true, detail: `account ${status}` };
        const entries = ctx.ledger.entries();
        // The limit is at least the minimum (250), so the account count is only needed near it.
        let quota = closureQuota(ctx.model, entries, 0, now());
        if (!quota.allowed) quota = closureQuota(ctx.model, entries, await countAccounts(aws), now());
        if (!quota.allowed) {
          return {
            done: false,
            queuedUntil: quota.nextSlot,
            detail: `closure quota used (${quota.used}/${quota.limit} in 30 days); stays quarantined until ${quota.nextSlot!.toISOString()}`,
            actions: [`close ${account.id} from ${quota.nextSlot!.toISOString()}`],
          };
        }
        return { done: false, detail: `account ${status}, ${quota.used}/${quota.limit} closures used in 30 days`, actions: [`CloseAccount ${account.id}`] };
      },
      async apply() {
        // Never close an account that is not quarantined (the step before must have converged).
        const parent = await parentOf(aws, account.id);
        if (parent !== (await ouIdByPath(aws, quarantinePath))) throw new Error(`account ${account.id} is not in ${quarantinePath}; refusing to close it`);
        try {
          await aws.send('organizations', new CloseAccountCommand({ AccountId: account.id }));
        } catch (e) {
          const reason = (e as { Reason?: string }).Reason ?? '';
          // AWS's own closure quota (which also counts closures made outside vend): wait, queued.
          if ((e as Error).name === 'ConstraintViolationException' && reason === 'CLOSE_ACCOUNT_QUOTA_EXCEEDED') {
            throw new StepQueued(`AWS refused CloseAccount: closure quota exceeded (${reason}); stays quarantined`, new Date(now().getTime() + 86_400_000));
          }
          if ((e as Error).name === 'ConstraintViolationException' && reason === 'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED') {
            throw new StepQueued(`AWS refused CloseAccount: too many closures in progress (${reason}); stays quarantined`, new Date(now().getTime() + 3_600_000));
          }
          if ((e as Error).name !== 'AccountAlreadyClosedException') throw e;
        }
        return { closed: account.id };
      },
    },
  ];
}

/** Does a (URL-encoded) trust policy allow an AWS principal outside `accountId`? */
export function trustsOtherAccount(document: string | undefined, accountId: string): boolean {
  if (!document) return false;
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(decodeURIComponent(document));
  } catch {
    try {
      doc = JSON.parse(document);
    } catch {
      return false;
    }
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return statements.some((s: { Effect?: string; Principal?: { AWS?: string | string[] } | string }) => {
    if (s.Effect !== 'Allow') return false;
    const p = s.Principal;
    if (p === '*') return true;
    const aws = typeof p === 'object' && p ? p.AWS : undefined;
    const list = Array.isArray(aws) ? aws : aws ? [aws] : [];
    return list.some((a) => a === '*' || !(a === accountId || a.startsWith(`arn:aws:iam::${accountId}:`)));
  });
}
