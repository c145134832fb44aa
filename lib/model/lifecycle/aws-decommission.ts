/**
 * The AWS decommission sequence (DECISIONS.md §3). Merging `lifecycle: decommissioned` makes the
 * deploy (cdk deploy) quarantine the account, drop its Identity Center assignments, drop the Space
 * from its PoP's endpoint service and delete its baseline stack instance. The CLI then checks that
 * each of those happened, revokes the trust the IaC does not own (roles tenants created that trust
 * other accounts, external identity providers or everyone) as OrganizationAccountAccessRole inside
 * Quarantine, and closes the account under the closure quota and the organization's lock.
 */
import type { LifecycleCall, LifecycleStep } from './step';

const ORG = 'arn:${Partition}:organizations::${ManagementAccount}';
const mgmtRead = (action: string, resource: string): LifecycleCall => ({ action, resource, target: 'management', principal: 'management-pipeline', access: 'read' });
const assumeMemberRole = (target: 'unit' | 'pop'): LifecycleCall => ({
  action: 'sts:AssumeRole',
  resource: `arn:\${Partition}:iam::\${${target === 'unit' ? 'UnitAccount' : 'PopAccount'}}:role/OrganizationAccountAccessRole`,
  target,
  principal: 'management-pipeline',
  access: 'read',
});

/** The reads that find the Quarantine OU and where the account sits. */
const placementReads: LifecycleCall[] = [
  mgmtRead('organizations:ListRoots', '*'),
  mgmtRead('organizations:ListOrganizationalUnitsForParent', `${ORG}:ou/\${OrganizationId}/*`),
  mgmtRead('organizations:ListParents', `${ORG}:account/\${OrganizationId}/\${UnitAccount}`),
];

export const AWS_DECOMMISSION: readonly LifecycleStep[] = [
  {
    id: 'quarantine',
    cloud: 'aws',
    title: 'Account in the Quarantine OU',
    runs: 'iac',
    principal: 'management-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: "the account's parent is the Quarantine OU, and the Quarantine OU has every SCP the hierarchy places there attached",
    act: 'the accounts stack places the account in the Quarantine OU (AWS::Organizations::Account ParentIds), whose deny-all SCP exempts only the principals of DECISIONS.md §2; an adopted account is not declared by the IaC, so `vend adopt --execute` moves it there instead (the check is the same)',
    deploy: 'the AWS app (cdk deploy) with the unit marked `lifecycle: decommissioned` (an adopted account: `vend adopt --execute`)',
    requires: [],
    calls: [...placementReads, mgmtRead('organizations:ListPoliciesForTarget', `${ORG}:ou/\${OrganizationId}/*`)],
  },
  {
    id: 'drop-access',
    cloud: 'aws',
    title: 'No Identity Center access',
    runs: 'iac',
    principal: 'management-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: 'no account assignment of any permission set names the account',
    act: 'the accounts stack declares no AWS::SSO::Assignment for a decommissioned unit',
    deploy: 'the AWS app (cdk deploy) with the unit marked `lifecycle: decommissioned`',
    requires: [],
    calls: [
      mgmtRead('sso:ListInstances', '*'),
      mgmtRead('sso:ListPermissionSets', 'arn:${Partition}:sso:::instance/*'),
      mgmtRead('sso:ListAccountAssignments', 'arn:${Partition}:sso:::account/${UnitAccount}'),
    ],
  },
  {
    id: 'drop-pop-principal',
    cloud: 'aws',
    title: "Not allowed on the PoP's endpoint service",
    runs: 'iac',
    principal: 'stacksets-execution',
    placement: 'quarantine',
    scope: 'aws-pop-space',
    check: "no endpoint service in the PoP's account lists the Space's account as an allowed principal",
    act: "the PoP-access stack set instance in the PoP's account allows only active Spaces (and is deleted with the PoP's last Space)",
    deploy: 'the AWS app (cdk deploy): the PoP-access stack of the PoP the Space reaches',
    requires: [],
    calls: [
      assumeMemberRole('pop'),
      { action: 'ec2:DescribeVpcEndpointServiceConfigurations', resource: '*', target: 'pop', principal: 'member-access-role', access: 'read' },
      { action: 'ec2:DescribeVpcEndpointServicePermissions', resource: '*', target: 'pop', principal: 'member-access-role', access: 'read' },
    ],
    // The PoP stays active, in its home OU: the StackSet updates its instance there.
    deployCalls: [
      { action: 'cloudformation:UpdateStack', resource: 'arn:${Partition}:cloudformation:${Region}:${PopAccount}:stack/StackSet-vend-pop-access-*/*', target: 'pop', principal: 'stacksets-execution', access: 'write' },
      { action: 'ec2:ModifyVpcEndpointServicePermissions', resource: '*', target: 'pop', principal: 'stacksets-execution', access: 'write' },
    ],
    deployDeletes: 'pop-access',
  },
  {
    id: 'remove-baseline',
    cloud: 'aws',
    title: 'No vend stack instances',
    runs: 'iac',
    principal: 'stacksets-execution',
    placement: 'quarantine',
    scope: 'all',
    check: 'no vend stack set (baseline or PoP access) has a stack instance in the account',
    act: 'the baseline stack set no longer targets the account, so the StackSets service deletes its stack, and every resource in it, as the execution role OrganizationAccountAccessRole (exempt from deny-all) inside Quarantine',
    deploy: 'the AWS app (cdk deploy): the baseline stack of the unit\'s shard',
    requires: [],
    calls: [
      mgmtRead('cloudformation:ListStackSets', '*'),
      mgmtRead('cloudformation:ListStackInstances', 'arn:${Partition}:cloudformation:${Region}:${ManagementAccount}:stackset/vend-*:*'),
    ],
    deployDeletes: 'unit-baseline',
  },
  {
    id: 'revoke-trust',
    cloud: 'aws',
    title: 'Revoke role trust the IaC does not own',
    runs: 'cli',
    principal: 'member-access-role',
    placement: 'quarantine',
    scope: 'all',
    check: "every role's trust policy in the account, except the roles the revocation keeps (lib/model/lifecycle/member-roles.ts)",
    act: 'replace with a deny-all trust policy every role that trusts another account, an external identity provider (OIDC, SAML) or everyone (Principal "*", NotPrincipal)',
    requires: ['quarantine', 'drop-access', 'drop-pop-principal', 'remove-baseline'],
    calls: [
      assumeMemberRole('unit'),
      { action: 'iam:ListRoles', resource: '*', target: 'unit', principal: 'member-access-role', access: 'read' },
      { action: 'iam:GetRole', resource: 'arn:${Partition}:iam::${UnitAccount}:role/*', target: 'unit', principal: 'member-access-role', access: 'read' },
      { action: 'iam:UpdateAssumeRolePolicy', resource: 'arn:${Partition}:iam::${UnitAccount}:role/*', target: 'unit', principal: 'member-access-role', access: 'write' },
    ],
  },
  {
    id: 'close',
    cloud: 'aws',
    title: 'Close the account',
    runs: 'cli',
    principal: 'management-pipeline',
    placement: 'quarantine',
    scope: 'all',
    check: 'the account is SUSPENDED or PENDING_CLOSURE',
    act: "CloseAccount, holding the organization's closure lock, once the account is in Quarantine and the closures of the last 30 days (CloudTrail, the ledger, closed accounts) leave room in the quota",
    requires: ['revoke-trust'],
    calls: [
      ...placementReads,
      mgmtRead('organizations:DescribeOrganization', '*'),
      mgmtRead('organizations:DescribeAccount', `${ORG}:account/\${OrganizationId}/\${UnitAccount}`),
      mgmtRead('organizations:ListAccounts', '*'),
      mgmtRead('cloudtrail:LookupEvents', '*'),
      { action: 'organizations:CloseAccount', resource: `${ORG}:account/\${OrganizationId}/\${UnitAccount}`, target: 'management', principal: 'management-pipeline', access: 'write' },
    ],
  },
];
