/**
 * The scenario principal vocabulary (lib/model/scenarios/aws-scenarios.ts) as concrete requesters:
 * the ARN the evaluator sees, the account it lives in, its identity policies and the request
 * context keys AWS would add for it (the evaluator does not derive aws:Principal* keys itself).
 */
import { STACKSET_EXECUTION_ROLE } from '../../../lib/model/aws-deployment';
import { MEMBER_ACCOUNT_ROLE } from '../../../lib/model';
import { EXAMPLE, type GuardrailWorld } from './world';

export type AccountRole = 'account' | 'peer' | 'management' | 'external';

export interface Requester {
  /** What the evaluator matches principals against: an assumed-role session, a service, a provider. */
  readonly arn: string;
  readonly account?: string;
  /** Which example account it lives in; undefined for AWS services and federated identities. */
  readonly accountRole?: AccountRole;
  readonly identityPolicies: Array<{ name: string; policy: unknown }>;
  readonly context: Record<string, string | string[]>;
  /** SCPs apply only to IAM principals of member accounts. */
  readonly inOrganizationMember: boolean;
}

const ADMIN = [{ name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }];

export function accountId(world: GuardrailWorld, role: AccountRole): string {
  return { account: EXAMPLE.account, peer: EXAMPLE.peer, management: world.managementAccount, external: EXAMPLE.external }[role];
}

/** The Identity Center role of a vend permission set, as IAM Identity Center names it. */
export function identityCenterRoleArn(partition: string, account: string, region: string, permissionSet: string): string {
  return `arn:${partition}:iam::${account}:role/aws-reserved/sso.amazonaws.com/${region}/AWSReservedSSO_${permissionSet}_0123456789abcdef`;
}

export function requester(world: GuardrailWorld, principal: string, placement: string, region: string): Requester {
  const [kind, ...rest] = principal.split(':');
  const arg = rest.join(':');
  const p = world.partition;
  const role = (accountRole: AccountRole, roleArn: string): Requester => {
    const account = accountId(world, accountRole);
    const inOrg = accountRole !== 'external';
    const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const context: Record<string, string | string[]> = {
      'aws:PrincipalArn': roleArn,
      'aws:PrincipalAccount': account,
      'aws:PrincipalIsAWSService': 'false',
      'aws:PrincipalType': 'AssumedRole',
    };
    if (inOrg) context['aws:PrincipalOrgID'] = EXAMPLE.organizationId;
    if (inOrg && accountRole !== 'management') context['aws:PrincipalOrgPaths'] = [world.orgPath(placement)];
    return {
      arn: `arn:${p}:sts::${account}:assumed-role/${name}/vend-scenario`,
      account,
      accountRole,
      identityPolicies: ADMIN,
      context,
      inOrganizationMember: inOrg && accountRole !== 'management',
    };
  };
  const roleIn = (accountRole: AccountRole, nameWithPath: string) => role(accountRole, `arn:${p}:iam::${accountId(world, accountRole)}:role/${nameWithPath}`);
  switch (kind) {
    case 'tenant-admin':
      return role('account', identityCenterRoleArn(p, EXAMPLE.account, region, 'vend-owner'));
    case 'peer-tenant-admin':
      return role('peer', identityCenterRoleArn(p, EXAMPLE.peer, region, 'vend-owner'));
    case 'root': {
      const root = role('account', `arn:${p}:iam::${EXAMPLE.account}:root`);
      return { ...root, arn: `arn:${p}:iam::${EXAMPLE.account}:root`, context: { ...root.context, 'aws:PrincipalType': 'Account' } };
    }
    case 'tenant-workload':
      return roleIn('account', 'tenant-workload');
    case 'tenant-role':
    case 'vend-role':
      return roleIn('account', arg);
    case 'vend-member-role':
      return roleIn('account', MEMBER_ACCOUNT_ROLE);
    case 'stacksets-exec':
      // vend's StackSets are self-managed: their execution role is OrganizationAccountAccessRole (model/aws-deployment.ts).
      return roleIn('account', STACKSET_EXECUTION_ROLE);
    case 'management':
      return roleIn('management', arg);
    case 'external':
      return role('external', `arn:${p}:iam::${arg}:role/attacker`);
    case 'aws-service':
      return { arn: arg, identityPolicies: [], context: { 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': arg }, inOrganizationMember: false };
    case 'web-identity': {
      // The Entra tenant's IAM OIDC provider in the Central account (lib/aws/cross-cloud).
      const provider = `arn:${p}:iam::${EXAMPLE.account}:oidc-provider/sts.windows.net/${world.model.catalog.organization.spec.azure?.tenantId}/`;
      return { arn: provider, identityPolicies: [], context: { 'aws:PrincipalIsAWSService': 'false' }, inOrganizationMember: false };
    }
    default:
      throw new Error(`unknown scenario principal '${principal}'`);
  }
}
