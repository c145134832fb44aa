/** The mutating calls of `vend bootstrap aws`, one per kind of step, each safe to repeat. */
import { CreateRoleCommand, EnableOrganizationsRootCredentialsManagementCommand, EnableOrganizationsRootSessionsCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { EnableAWSServiceAccessCommand, EnablePolicyTypeCommand, type PolicyType } from '@aws-sdk/client-organizations';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { STACKSET_ADMINISTRATION_ROLE } from '../../model/aws-deployment';
import type { BootstrapContext } from './bootstrap-context';
import { stackSetAdministrationPolicies } from './bootstrap-role';

const tolerate = (names: string[]) => (err: { name?: string }) => (names.includes(err.name ?? '') ? undefined : Promise.reject(err));

export async function enableServiceAccess(ctx: BootstrapContext, principal: string): Promise<void> {
  await ctx.global.send('organizations', new EnableAWSServiceAccessCommand({ ServicePrincipal: principal }));
}

export async function enablePolicyType(ctx: BootstrapContext, type: PolicyType): Promise<void> {
  const root = await ctx.rootId();
  if (!root) throw new Error('the organization has no root');
  await ctx.global.send('organizations', new EnablePolicyTypeCommand({ RootId: root, PolicyType: type })).catch(tolerate(['PolicyTypeAlreadyEnabledException']));
}

export async function enableRootFeature(ctx: BootstrapContext, feature: 'RootCredentialsManagement' | 'RootSessions'): Promise<void> {
  const command = feature === 'RootCredentialsManagement' ? new EnableOrganizationsRootCredentialsManagementCommand({}) : new EnableOrganizationsRootSessionsCommand({});
  await ctx.global.send('iam', command);
}

export async function putParameter(ctx: BootstrapContext, name: string, value: string): Promise<void> {
  await ctx.regional.send('ssm', new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true, Description: 'vend: read by the CDK app at deploy time' }));
}

/** Creates the role, or brings its trust and its one inline policy back to what they must be. */
export async function putStackSetAdministrationRole(ctx: BootstrapContext): Promise<void> {
  await ctx.callerAccount();
  const docs = stackSetAdministrationPolicies(ctx.partition, ctx.managementAccountId);
  const trust = JSON.stringify(docs.trust);
  const created = await ctx.global
    .send('iam', new CreateRoleCommand({
      RoleName: STACKSET_ADMINISTRATION_ROLE,
      AssumeRolePolicyDocument: trust,
      Description: 'vend: StackSets administration role (self-managed StackSets)',
      Tags: [{ Key: 'vend:managed', Value: 'true' }],
    }))
    .then(() => true, tolerate(['EntityAlreadyExistsException']));
  if (!created) await ctx.global.send('iam', new UpdateAssumeRolePolicyCommand({ RoleName: STACKSET_ADMINISTRATION_ROLE, PolicyDocument: trust }));
  await ctx.global.send('iam', new PutRolePolicyCommand({ RoleName: STACKSET_ADMINISTRATION_ROLE, PolicyName: docs.policyName, PolicyDocument: JSON.stringify(docs.permissions) }));
}
