/**
 * Seeds an AWS endpoint (moto) with what `vend deploy` would have created for a catalog, so the
 * lifecycle commands have something real to read: the OU hierarchy, one SCP per control attached
 * where the hierarchy places it, one tagged account per AWS unit in its OU, Identity Center
 * assignments for each unit's access entries, a baseline stack set with an instance per account,
 * and a cross-account role in each account. `drift: true` adds some drift for the demo.
 *
 * Only for emulators: it creates an organization and accounts.
 */
import { CreateStackInstancesCommand, CreateStackSetCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { CreateAccountAssignmentCommand, CreatePermissionSetCommand, ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import { CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointServiceConfigurationCommand, ModifyVpcEndpointServicePermissionsCommand } from '@aws-sdk/client-ec2';
import { createHash } from 'node:crypto';
import { scpName, type VendModel } from '../../model';
import type { AwsClients } from '../aws/clients';
import { BASELINE_STACK_SET_PREFIX } from '../aws/inventory';
import { mapLimit } from '../client';
import { MEMBER_ROLE } from '../aws/decommission';
import { rootId } from '../aws/organization';

export interface SeedOptions {
  /** Add demo drift: an unmanaged account, a detached guardrail, an extra SCP. @default false */
  readonly drift?: boolean;
  /** Identity Center assignments per access entry. @default true */
  readonly access?: boolean;
  /** Baseline stack set with one instance per account. @default true */
  readonly baseline?: boolean;
  /** A cross-account role trusted by the management account in each account. @default true */
  readonly roles?: boolean;
  /** An endpoint service in each PoP account allowing its Spaces. @default true */
  readonly endpoints?: boolean;
  /** Units to leave out (to show `unit-missing`). */
  readonly skipUnits?: readonly string[];
  readonly parallelism?: number;
}

export interface SeedResult {
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly ous: ReadonlyMap<string, string>;
  readonly accounts: ReadonlyMap<string, string>;
  readonly instanceArn?: string;
  readonly permissionSets: ReadonlyMap<string, string>;
  /** PoP unit → its endpoint service id. */
  readonly endpointServices: ReadonlyMap<string, string>;
}

export const DEMO_ROLE = 'VendSpaceOperatorAccess';

export async function seedAws(aws: AwsClients, model: VendModel, options: SeedOptions = {}): Promise<SeedResult> {
  const parallelism = options.parallelism ?? 8;
  await aws.send('organizations', new CreateOrganizationCommand({ FeatureSet: 'ALL' })).catch((e) => {
    if (e.name !== 'AlreadyInOrganizationException') throw e;
  });
  const org = await aws.send('organizations', new DescribeOrganizationCommand({}));
  const managementAccountId = org.Organization!.MasterAccountId!;
  const root = await rootId(aws);

  // OUs, top down (parents first: hierarchy nodes are listed in that order).
  const ous = new Map<string, string>();
  for (const node of model.hierarchy.nodes) {
    const parentPath = node.aws.path.split('/').slice(0, -1).join('/');
    const parent = parentPath ? ous.get(parentPath)! : root;
    const out = await aws.send('organizations', new CreateOrganizationalUnitCommand({ ParentId: parent, Name: node.aws.name }));
    ous.set(node.aws.path, out.OrganizationalUnit!.Id!);
  }

  // One SCP per control with an AWS realization, attached where the hierarchy places it.
  const policyIds = new Map<string, string>();
  for (const [name, control] of model.catalog.controls) {
    if (!control.scp) continue;
    const out = await aws.send(
      'organizations',
      new CreatePolicyCommand({ Name: scpName(name), Description: control.spec.title, Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(control.scp?.document ?? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }),
    );
    policyIds.set(name, out.Policy!.PolicySummary!.Id!);
  }
  for (const node of model.hierarchy.nodes) {
    for (const c of node.controls) {
      const id = policyIds.get(c);
      if (id) await aws.send('organizations', new AttachPolicyCommand({ PolicyId: id, TargetId: ous.get(node.aws.path)! }));
    }
  }

  // Accounts: created in the root, tagged, moved to their OU. Decommissioned units start where
  // they lived while active, so the decommission demo has work to do.
  const units = model.units.filter((u) => u.cloud === 'aws' && !(options.skipUnits ?? []).includes(u.name));
  const accounts = new Map<string, string>();
  await mapLimit(units, parallelism, async (unit) => {
    const id = await createAccount(aws, unit.name, unit.identity, Object.entries(unit.tags).map(([Key, Value]) => ({ Key, Value })));
    accounts.set(unit.name, id);
    const path = model.hierarchy.node(`${unit.environment}/${unit.kind}`).aws.path;
    await aws.send('organizations', new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: ous.get(path)! }));
  });

  const permissionSets = new Map<string, string>();
  let instanceArn: string | undefined;
  if (options.access ?? true) {
    instanceArn = (await aws.send('sso-admin', new ListInstancesCommand({}))).Instances?.[0]?.InstanceArn;
    for (const role of ['owner', 'admin', 'contributor', 'viewer']) {
      const ps = await aws.send('sso-admin', new CreatePermissionSetCommand({ InstanceArn: instanceArn!, Name: `vend-${role}` }));
      permissionSets.set(role, ps.PermissionSet!.PermissionSetArn!);
    }
    await mapLimit(units, parallelism, async (unit) => {
      for (const entry of unit.access) {
        await aws.send(
          'sso-admin',
          new CreateAccountAssignmentCommand({
            InstanceArn: instanceArn!,
            TargetId: accounts.get(unit.name)!,
            TargetType: 'AWS_ACCOUNT',
            PermissionSetArn: permissionSets.get(entry.role)!,
            PrincipalType: 'GROUP',
            PrincipalId: groupId(entry.group),
          }),
        );
      }
    });
  }

  const endpointServices = new Map<string, string>();
  if (options.baseline ?? true) {
    for (const kind of ['Space', 'PoP', 'Central', 'ControlPlane'] as const) {
      const members = units.filter((u) => u.kind === kind);
      if (!members.length) continue;
      const name = `${BASELINE_STACK_SET_PREFIX}-${kind.toLowerCase()}`;
      await aws.send('cloudformation', new CreateStackSetCommand({ StackSetName: name, TemplateBody: BASELINE_TEMPLATE, PermissionModel: 'SELF_MANAGED' }));
      const regions = [...new Set(members.map((u) => u.region))];
      for (let i = 0; i < members.length; i += 50) {
        // moto completes stack set operations synchronously (and its DescribeStackSetOperation
        // timestamps lack a time zone, which the SDK rejects), so there is nothing to wait for.
        await aws.send(
          'cloudformation',
          new CreateStackInstancesCommand({ StackSetName: name, Accounts: members.slice(i, i + 50).map((u) => accounts.get(u.name)!), Regions: regions }),
        );
      }
    }
  }

  if (options.roles ?? true) {
    await mapLimit(units, parallelism, async (unit) => {
      const id = accounts.get(unit.name)!;
      const member = await assume(aws, id);
      const trust = (principal: string) =>
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
      await member.send('iam', new CreateRoleCommand({ RoleName: MEMBER_ROLE, AssumeRolePolicyDocument: trust(`arn:aws:iam::${managementAccountId}:root`) })).catch((e) => {
        if (e.name !== 'EntityAlreadyExistsException' && e.name !== 'EntityAlreadyExists') throw e;
      });
      await member.send('iam', new CreateRoleCommand({ RoleName: DEMO_ROLE, AssumeRolePolicyDocument: trust(`arn:aws:iam::${managementAccountId}:root`) }));
    });
  }

  if (options.endpoints ?? true) {
    // Each AWS PoP publishes an endpoint service; the Spaces that name it are allowed principals,
    // decommissioned ones included on purpose: the seed is the state before their decommission ran.
    for (const popUnit of units.filter((u) => u.kind === 'PoP')) {
      const popId = accounts.get(popUnit.name)!;
      const ec2 = await assume(aws, popId, popUnit.region);
      const serviceId = await createEndpointService(ec2, popUnit.region, popUnit.name);
      const principals = units.filter((u) => u.network?.pop === popUnit.name).map((u) => `arn:aws:iam::${accounts.get(u.name)}:root`);
      if (principals.length) await ec2.send('ec2', new ModifyVpcEndpointServicePermissionsCommand({ ServiceId: serviceId, AddAllowedPrincipals: principals }));
      endpointServices.set(popUnit.name, serviceId);
    }
  }

  if (options.drift) {
    // An account nobody put in the catalog, and guardrail drift on the Spaces OUs.
    const stray = await createAccount(aws, 'sandbox-manual', 'sandbox-manual@aws.acme.example', []);
    void stray;
    const spaces = model.hierarchy.nodes.find((n) => n.function === 'Space' && n.controls.some((c) => policyIds.has(c)));
    if (spaces) {
      const control = spaces.controls.find((c) => policyIds.has(c))!;
      await aws.send('organizations', new DetachPolicyCommand({ PolicyId: policyIds.get(control)!, TargetId: ous.get(spaces.aws.path)! }));
    }
    const extra = await aws.send(
      'organizations',
      new CreatePolicyCommand({ Name: 'manual-allow-everything', Description: 'added by hand', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }),
    );
    const dev = model.hierarchy.nodes.find((n) => n.role === 'environment');
    if (dev) await aws.send('organizations', new AttachPolicyCommand({ PolicyId: extra.Policy!.PolicySummary!.Id!, TargetId: ous.get(dev.aws.path)! }));
  }

  return { rootId: root, managementAccountId, ous, accounts, instanceArn, permissionSets, endpointServices };
}

export async function createAccount(aws: AwsClients, name: string, email: string, tags: Array<{ Key: string; Value: string }>): Promise<string> {
  const out = await aws.send('organizations', new CreateAccountCommand({ AccountName: name, Email: email, Tags: tags }));
  let status = out.CreateAccountStatus!;
  while (status.State === 'IN_PROGRESS') {
    await new Promise((r) => setTimeout(r, 100));
    status = (await aws.send('organizations', new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id! }))).CreateAccountStatus!;
  }
  if (status.State !== 'SUCCEEDED' || !status.AccountId) throw new Error(`CreateAccount ${name}: ${status.State} ${status.FailureReason ?? ''}`);
  return status.AccountId;
}

function assume(aws: AwsClients, accountId: string, region?: string): Promise<AwsClients> {
  return aws.assume(accountId, MEMBER_ROLE, 'vend-seed', region);
}

/**
 * A VPC, a subnet, a network load balancer and an endpoint service on it. vend has no ELBv2
 * client (it never creates load balancers itself), so the load balancer is made with one
 * unsigned query-protocol request, which moto accepts.
 */
async function createEndpointService(ec2: AwsClients, region: string, name: string): Promise<string> {
  const vpc = await ec2.send('ec2', new CreateVpcCommand({ CidrBlock: '10.250.0.0/16' }));
  const subnet = await ec2.send('ec2', new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId!, CidrBlock: '10.250.0.0/24', AvailabilityZone: `${region}a` }));
  const creds = ec2.credentials!;
  const body = new URLSearchParams({ Action: 'CreateLoadBalancer', Version: '2015-12-01', Name: `${name}-nlb`.slice(0, 32), Type: 'network', Scheme: 'internal', 'Subnets.member.1': subnet.Subnet!.SubnetId! });
  const response = await fetch(ec2.endpoint!, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260101/${region}/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0`,
      ...(creds.sessionToken ? { 'x-amz-security-token': creds.sessionToken } : {}),
    },
    body,
  });
  const xml = await response.text();
  const arn = /<LoadBalancerArn>([^<]+)<\/LoadBalancerArn>/.exec(xml)?.[1];
  if (!response.ok || !arn) throw new Error(`CreateLoadBalancer for ${name}: ${response.status} ${xml.slice(0, 300)}`);
  const service = await ec2.send('ec2', new CreateVpcEndpointServiceConfigurationCommand({ NetworkLoadBalancerArns: [arn], AcceptanceRequired: false }));
  return service.ServiceConfiguration!.ServiceId!;
}

/** A stable fake Identity Store group id for a directory group name. */
export function groupId(group: string): string {
  const h = createHash('sha256').update(group).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const BASELINE_TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'vend baseline (seeded for the emulator)',
  Resources: { Marker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});
