/**
 * Does to an emulator (moto) what the AWS deploy does once a unit is marked decommissioned
 * (DECISIONS.md §3): the account moves to Quarantine, its Identity Center assignments go, its PoP
 * stops allowing it, and its stack instances are deleted. The CDK app declares these; moto runs
 * neither CloudFormation StackSets nor Organizations resources, so tests and the demo apply the
 * same end state directly. Only for emulators.
 */
import { DeleteStackInstancesCommand, ListStackInstancesCommand, ListStackSetsCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicePermissionsCommand, ModifyVpcEndpointServicePermissionsCommand } from '@aws-sdk/client-ec2';
import { MoveAccountCommand } from '@aws-sdk/client-organizations';
import { DeleteAccountAssignmentCommand, ListAccountAssignmentsCommand, ListInstancesCommand, ListPermissionSetsCommand } from '@aws-sdk/client-sso-admin';
import { MEMBER_ACCESS_ROLE, QUARANTINE_KEY, type VendModel } from '../../model';
import { allPages, type AwsClients } from '../aws/clients';
import { accountByIdentity, ouIdByPath, parentOf } from '../aws/organization';

export async function deployDecommissioned(aws: AwsClients, model: VendModel, unitName: string): Promise<void> {
  const unit = model.unit(unitName)!;
  const account = await accountByIdentity(aws, unit.identity);
  if (!account) throw new Error(`no account has the identity ${unit.identity}`);
  const quarantine = (await ouIdByPath(aws, model.hierarchy.node(QUARANTINE_KEY).aws.path))!;
  const parent = await parentOf(aws, account.id);
  if (parent !== quarantine) await aws.send('organizations', new MoveAccountCommand({ AccountId: account.id, SourceParentId: parent, DestinationParentId: quarantine }));
  await dropAssignments(aws, account.id);
  const pop = unit.network?.pop ? model.unit(unit.network.pop) : undefined;
  if (pop?.cloud === 'aws') await dropPopPrincipal(aws, pop.identity, pop.region, account.id);
  const stackSets = await allPages((NextToken) => aws.send('cloudformation', new ListStackSetsCommand({ Status: 'ACTIVE', NextToken })), (p) => p.Summaries);
  for (const set of stackSets) {
    const instances = ((await aws.send('cloudformation', new ListStackInstancesCommand({ StackSetName: set.StackSetName!, StackInstanceAccount: account.id }))).Summaries ?? []).filter((i) => i.Account === account.id);
    const regions = [...new Set(instances.map((i) => i.Region!))];
    if (regions.length) await aws.send('cloudformation', new DeleteStackInstancesCommand({ StackSetName: set.StackSetName!, Accounts: [account.id], Regions: regions, RetainStacks: false }));
  }
}

async function dropAssignments(aws: AwsClients, id: string): Promise<void> {
  const instance = (await aws.send('sso-admin', new ListInstancesCommand({}))).Instances?.[0]?.InstanceArn;
  if (!instance) return;
  const sets = await allPages((NextToken) => aws.send('sso-admin', new ListPermissionSetsCommand({ InstanceArn: instance, NextToken })), (p) => p.PermissionSets);
  for (const ps of sets) {
    const found = (await aws.send('sso-admin', new ListAccountAssignmentsCommand({ InstanceArn: instance, AccountId: id, PermissionSetArn: ps }))).AccountAssignments ?? [];
    for (const a of found) {
      await aws.send('sso-admin', new DeleteAccountAssignmentCommand({ InstanceArn: instance, TargetId: id, TargetType: 'AWS_ACCOUNT', PermissionSetArn: ps, PrincipalType: a.PrincipalType!, PrincipalId: a.PrincipalId! }));
    }
  }
}

async function dropPopPrincipal(aws: AwsClients, popIdentity: string, region: string, id: string): Promise<void> {
  const popAccount = await accountByIdentity(aws, popIdentity);
  if (!popAccount) return;
  const ec2 = await aws.assume(popAccount.id, MEMBER_ACCESS_ROLE, 'vend-deploy', region);
  const principal = `arn:aws:iam::${id}:root`;
  for (const svc of (await ec2.send('ec2', new DescribeVpcEndpointServiceConfigurationsCommand({}))).ServiceConfigurations ?? []) {
    const allowed = (await ec2.send('ec2', new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: svc.ServiceId! }))).AllowedPrincipals ?? [];
    if (allowed.some((p) => p.Principal === principal)) await ec2.send('ec2', new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: svc.ServiceId!, RemoveAllowedPrincipals: [principal] }));
  }
}
