/**
 * Does to an emulator (moto) what the AWS deploy does once a unit is marked decommissioned
 * (DECISIONS.md §3): the account moves to Quarantine, its Identity Center assignments go, its PoP
 * stops allowing it, and its stack instances are deleted. The CDK app declares these; moto cannot
 * run CloudFormation StackSets or Organizations resources, so tests and the demo apply the same end
 * state directly. Only for emulators.
 */
import { DeleteStackInstancesCommand, ListStackInstancesCommand, ListStackSetsCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcEndpointServicePermissionsCommand, ModifyVpcEndpointServicePermissionsCommand } from '@aws-sdk/client-ec2';
import { MoveAccountCommand } from '@aws-sdk/client-organizations';
import { DeleteAccountAssignmentCommand, ListAccountAssignmentsCommand, ListPermissionSetsCommand } from '@aws-sdk/client-sso-admin';
import { MEMBER_ACCESS_ROLE, QUARANTINE_KEY, type VendModel } from '../../model';
import { allPages, type AwsClients } from '../aws/clients';
import { ouIdByPath, parentOf } from '../aws/organization';
import type { SeedResult } from './seed-aws';

export async function deployDecommissioned(aws: AwsClients, model: VendModel, seeded: SeedResult, unitName: string): Promise<void> {
  const unit = model.unit(unitName)!;
  const id = seeded.accounts.get(unitName)!;
  const quarantine = (await ouIdByPath(aws, model.hierarchy.node(QUARANTINE_KEY).aws.path))!;
  const parent = await parentOf(aws, id);
  if (parent !== quarantine) await aws.send('organizations', new MoveAccountCommand({ AccountId: id, SourceParentId: parent, DestinationParentId: quarantine }));
  if (seeded.instanceArn) {
    const sets = await allPages((NextToken) => aws.send('sso-admin', new ListPermissionSetsCommand({ InstanceArn: seeded.instanceArn!, NextToken })), (p) => p.PermissionSets);
    for (const ps of sets) {
      const found = (await aws.send('sso-admin', new ListAccountAssignmentsCommand({ InstanceArn: seeded.instanceArn, AccountId: id, PermissionSetArn: ps }))).AccountAssignments ?? [];
      for (const a of found) {
        await aws.send('sso-admin', new DeleteAccountAssignmentCommand({ InstanceArn: seeded.instanceArn, TargetId: id, TargetType: 'AWS_ACCOUNT', PermissionSetArn: ps, PrincipalType: a.PrincipalType!, PrincipalId: a.PrincipalId! }));
      }
    }
  }
  const pop = unit.network?.pop ? model.unit(unit.network.pop) : undefined;
  const serviceId = pop ? seeded.endpointServices.get(pop.name) : undefined;
  if (pop && serviceId) {
    const ec2 = await aws.assume(seeded.accounts.get(pop.name)!, MEMBER_ACCESS_ROLE, 'vend-deploy', pop.region);
    const allowed = (await ec2.send('ec2', new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: serviceId }))).AllowedPrincipals ?? [];
    const principal = `arn:aws:iam::${id}:root`;
    if (allowed.some((p) => p.Principal === principal)) await ec2.send('ec2', new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: serviceId, RemoveAllowedPrincipals: [principal] }));
  }
  const stackSets = await allPages((NextToken) => aws.send('cloudformation', new ListStackSetsCommand({ Status: 'ACTIVE', NextToken })), (p) => p.Summaries);
  for (const set of stackSets) {
    const instances = ((await aws.send('cloudformation', new ListStackInstancesCommand({ StackSetName: set.StackSetName!, StackInstanceAccount: id }))).Summaries ?? []).filter((i) => i.Account === id);
    const regions = [...new Set(instances.map((i) => i.Region!))];
    if (regions.length) await aws.send('cloudformation', new DeleteStackInstancesCommand({ StackSetName: set.StackSetName!, Accounts: [id], Regions: regions, RetainStacks: false }));
  }
}
