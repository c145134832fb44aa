/** Helpers for the AWS decommission scenarios on moto. */
import { DescribeAccountCommand, ListParentsCommand, MoveAccountCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-organizations';
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { buildModel, MEMBER_ACCESS_ROLE, type VendModel } from '../../../lib/model';
import type { AwsClients } from '../../../lib/operations/aws/clients';
import { ouIdByPath, ouPathOf } from '../../../lib/operations/aws/organization';
import { S3LockStore } from '../../../lib/operations/locks';

export async function accountState(aws: AwsClients, id: string): Promise<{ status: string; ouPath: string }> {
  const a = (await aws.send('organizations', new DescribeAccountCommand({ AccountId: id }))).Account!;
  const parent = (await aws.send('organizations', new ListParentsCommand({ ChildId: id }))).Parents![0].Id!;
  return { status: (a.State ?? a.Status) as string, ouPath: await ouPathOf(aws, parent) };
}

export async function moveTo(aws: AwsClients, id: string, path: string): Promise<void> {
  const parent = (await aws.send('organizations', new ListParentsCommand({ ChildId: id }))).Parents![0].Id!;
  await aws.send('organizations', new MoveAccountCommand({ AccountId: id, SourceParentId: parent, DestinationParentId: (await ouIdByPath(aws, path))! }));
}

export async function untag(aws: AwsClients, id: string, key: string): Promise<void> {
  await aws.send('organizations', new UntagResourceCommand({ ResourceId: id, TagKeys: [key] }));
}

export async function tag(aws: AwsClients, id: string, key: string, value: string): Promise<void> {
  await aws.send('organizations', new TagResourceCommand({ ResourceId: id, Tags: [{ Key: key, Value: value }] }));
}

export async function member(aws: AwsClients, account: string): Promise<AwsClients> {
  return aws.assume(account, MEMBER_ACCESS_ROLE, 'test');
}

export async function createRole(aws: AwsClients, account: string, name: string, statement: Record<string, unknown>, path = '/'): Promise<void> {
  const iam = await member(aws, account);
  await iam.send('iam', new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] }) }));
}

export async function trustOf(aws: AwsClients, account: string, role: string): Promise<{ Statement: Array<{ Effect: string }> }> {
  const iam = await member(aws, account);
  const out = await iam.send('iam', new GetRoleCommand({ RoleName: role }));
  return JSON.parse(decodeURIComponent(out.Role!.AssumeRolePolicyDocument!));
}

/** A versioned bucket for locks, as the pipeline's would be. */
export async function lockBucket(aws: AwsClients, name: string): Promise<S3LockStore> {
  await aws.send('s3', new CreateBucketCommand({ Bucket: name }));
  await aws.send('s3', new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  return new S3LockStore(aws, name, 'vend/locks');
}

/** The model with `units` decommissioned and the closure quota set to `closures` per 30 days. */
export function withQuota(model: VendModel, closures: number, units: readonly string[] = []): VendModel {
  const org = { ...model.catalog.organization, spec: { ...model.catalog.organization.spec, quotas: { accountClosurePercent: 1, accountClosureMinimum: closures, accountClosureMaximum: closures } } };
  const list = model.catalog.units.map((u) => (units.includes(u.spec.name) ? { ...u, spec: { ...u.spec, lifecycle: 'decommissioned' as const } } : u));
  return buildModel({ ...model.catalog, organization: org, units: list });
}

/** Mutating requests a client sent, by API (reads and STS left out). */
export function writesOf(aws: AwsClients): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [api, s] of Object.entries(aws.gate.snapshot())) {
    const op = api.split(':')[1] ?? '';
    if (!/^(List|Describe|Get|Lookup|AssumeRole)/.test(op) && !api.startsWith('sts:') && !api.startsWith('s3:') && !api.startsWith('kms:')) out[api] = s.requests;
  }
  return out;
}
