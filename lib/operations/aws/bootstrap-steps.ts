/**
 * The one-time AWS organization setup before the first `cdk deploy`, as data: each step says what
 * it does, why (the document that requires it), how to read whether it is done, and how to do it.
 * Every step runs in the management account with the caller's credentials; steps without `act`
 * need a person (the reason says what to do).
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, GetRolePolicyCommand, ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand, ListAWSServiceAccessForOrganizationCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { BootstrapContext } from './bootstrap-context';
import { enablePolicyType, enableRootFeature, enableServiceAccess, putParameter, putStackSetAdministrationRole } from './bootstrap-actions';
import { stackSetAdministrationPolicies } from './bootstrap-role';
import { STACKSET_ADMINISTRATION_ROLE, ssmParameterNames } from '../../model/aws-deployment';

export type StepCheck = { readonly done: true } | { readonly done: false; readonly detail: string; readonly blocked?: boolean };

export interface BootstrapStep {
  readonly id: string;
  readonly description: string;
  /** The document or source that makes the step necessary. */
  readonly why: string;
  /** The region the step's calls go to (Organizations and IAM are global, served from us-east-1). */
  readonly region: 'global' | 'deployment';
  check(ctx: BootstrapContext): Promise<StepCheck>;
  /** Absent: a person must do it (the check's detail says what). */
  act?(ctx: BootstrapContext): Promise<void>;
}

/**
 * Trusted access per service principal (Organizations EnableAWSServiceAccess), each for the vend
 * feature that needs it.
 */
export const TRUSTED_SERVICES: ReadonlyArray<{ principal: string; why: string }> = [
  { principal: 'cloudtrail.amazonaws.com', why: 'the organization trail (CloudTrail API: CloudTrailAccessNotEnabledException without it)' },
  { principal: 'guardduty.amazonaws.com', why: 'GuardDuty delegated administrator and organization auto-enable' },
  { principal: 'securityhub.amazonaws.com', why: 'Security Hub delegated administrator and central configuration' },
  { principal: 'config.amazonaws.com', why: 'AWS Config delegated administrator and organization aggregator' },
  { principal: 'config-multiaccountsetup.amazonaws.com', why: 'AWS Config organization-wide rules from the delegated administrator' },
  { principal: 'access-analyzer.amazonaws.com', why: 'IAM Access Analyzer with the organization as zone of trust' },
  { principal: 'sso.amazonaws.com', why: 'IAM Identity Center permission sets and account assignments' },
  { principal: 'iam.amazonaws.com', why: 'centralized root access for member accounts (IAM user guide, "Centrally manage root access")' },
];

/** Organization policy types vend attaches (SCPs; RCPs and declarative policies from the guardrails). */
export const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'DECLARATIVE_POLICY_EC2'] as const;

/** IAM centralized root access: no root credentials in member accounts, privileged root sessions instead. */
export const ROOT_FEATURES = ['RootCredentialsManagement', 'RootSessions'] as const;

const todo = (detail: string): StepCheck => ({ done: false, detail });
const blocked = (detail: string): StepCheck => ({ done: false, detail, blocked: true });
const DONE: StepCheck = { done: true };

export function bootstrapSteps(ctx: BootstrapContext): BootstrapStep[] {
  return [
    callerStep(),
    allFeaturesStep(),
    ...TRUSTED_SERVICES.map(({ principal, why }) => trustedAccessStep(principal, why)),
    ...POLICY_TYPES.map(policyTypeStep),
    ...ROOT_FEATURES.map(rootFeatureStep),
    identityCenterStep(),
    stackSetAdministrationRoleStep(),
    ...parameterSteps(ctx),
    cdkBootstrapStep(),
  ];
}

function callerStep(): BootstrapStep {
  return {
    id: 'caller/management-account',
    description: 'the caller is in the management account of organization.yaml',
    why: 'CreateAccount, EnableAWSServiceAccess, EnablePolicyType and delegated-administrator registrations are management-account operations (Organizations API reference)',
    region: 'global',
    async check(ctx) {
      const account = await ctx.callerAccount();
      return account === ctx.managementAccountId ? DONE : blocked(`credentials are for account ${account}; run from ${ctx.managementAccountId}`);
    },
  };
}

function allFeaturesStep(): BootstrapStep {
  return {
    id: 'organization/all-features',
    description: 'the organization has all features enabled',
    why: 'SCPs, RCPs and declarative policies exist only in an organization with all features (Organizations user guide)',
    region: 'global',
    async check(ctx) {
      const org = (await ctx.global.send('organizations', new DescribeOrganizationCommand({}))).Organization;
      return org?.FeatureSet === 'ALL' ? DONE : blocked('enable all features in the AWS Organizations console (every member account must approve)');
    },
  };
}

function trustedAccessStep(principal: string, why: string): BootstrapStep {
  return {
    id: `trusted-access/${principal}`,
    description: `trusted access for ${principal}`,
    why,
    region: 'global',
    async check(ctx) {
      const out = await ctx.global.send('organizations', new ListAWSServiceAccessForOrganizationCommand({}));
      return (out.EnabledServicePrincipals ?? []).some((s) => s.ServicePrincipal === principal) ? DONE : todo(`EnableAWSServiceAccess ${principal}`);
    },
    act: (ctx) => enableServiceAccess(ctx, principal),
  };
}

function policyTypeStep(type: (typeof POLICY_TYPES)[number]): BootstrapStep {
  return {
    id: `policy-type/${type}`,
    description: `${type} enabled on the organization root`,
    why: 'a policy type must be enabled on the root before policies of that type can be attached (Organizations EnablePolicyType)',
    region: 'global',
    async check(ctx) {
      const root = (await ctx.global.send('organizations', new ListRootsCommand({}))).Roots?.[0];
      const enabled = (root?.PolicyTypes ?? []).some((p) => p.Type === type && p.Status === 'ENABLED');
      return enabled ? DONE : todo(`EnablePolicyType ${type} on ${root?.Id ?? 'the root'}`);
    },
    act: (ctx) => enablePolicyType(ctx, type),
  };
}

function rootFeatureStep(feature: (typeof ROOT_FEATURES)[number]): BootstrapStep {
  return {
    id: `root-access/${feature}`,
    description: `IAM centralized root access: ${feature}`,
    why: 'member accounts get no root credentials and root tasks become short sessions from the management account (IAM user guide, "Centrally manage root access for member accounts")',
    region: 'global',
    async check(ctx) {
      const out = await ctx.global.send('iam', new ListOrganizationsFeaturesCommand({}));
      const features = (out.EnabledFeatures ?? []) as string[];
      return features.includes(feature) ? DONE : todo(`EnableOrganizations${feature}`);
    },
    act: (ctx) => enableRootFeature(ctx, feature),
  };
}

function identityCenterStep(): BootstrapStep {
  return {
    id: 'identity-center/instance',
    description: 'an IAM Identity Center organization instance exists',
    why: 'permission sets and account assignments need it; the SSO Admin API cannot create an organization instance (CreateInstance makes account instances only)',
    region: 'deployment',
    async check(ctx) {
      const instance = await ctx.identityCenter();
      return instance ? DONE : blocked(`enable IAM Identity Center in ${ctx.region} in the console (organization instance)`);
    },
  };
}

function stackSetAdministrationRoleStep(): BootstrapStep {
  return {
    id: `iam/${STACKSET_ADMINISTRATION_ROLE}`,
    description: `the StackSets administration role ${STACKSET_ADMINISTRATION_ROLE}`,
    why: 'every vend StackSet is self-managed: CloudFormation assumes this role to reach OrganizationAccountAccessRole in member accounts (CloudFormation user guide, "Grant self-managed permissions")',
    region: 'global',
    async check(ctx) {
      await ctx.callerAccount();
      const want = stackSetAdministrationPolicies(ctx.partition, ctx.managementAccountId);
      let trust: string | undefined;
      try {
        trust = (await ctx.global.send('iam', new GetRoleCommand({ RoleName: STACKSET_ADMINISTRATION_ROLE }))).Role?.AssumeRolePolicyDocument;
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchEntityException') return todo('CreateRole');
        throw err;
      }
      if (!samePolicy(trust, want.trust)) return todo('UpdateAssumeRolePolicy');
      const inline = await ctx.global
        .send('iam', new GetRolePolicyCommand({ RoleName: STACKSET_ADMINISTRATION_ROLE, PolicyName: want.policyName }))
        .catch((err: { name?: string }) => (err.name === 'NoSuchEntityException' ? undefined : Promise.reject(err)));
      return samePolicy(inline?.PolicyDocument, want.permissions) ? DONE : todo('PutRolePolicy');
    },
    act: (ctx) => putStackSetAdministrationRole(ctx),
  };
}

/** SSM parameters the CDK app reads: organization and root id, Identity Center instance, group ids. */
function parameterSteps(ctx: BootstrapContext): BootstrapStep[] {
  const names: Array<[string, (c: BootstrapContext) => Promise<string | undefined>, string]> = [
    [ssmParameterNames.organizationId, (c) => c.organizationId(), 'the organization id'],
    [ssmParameterNames.rootId, (c) => c.rootId(), 'the organization root id'],
  ];
  if (!ctx.identityCenterInstanceArnFromCatalog) {
    names.push([ssmParameterNames.identityCenterInstanceArn, async (c) => (await c.identityCenter())?.arn, 'the Identity Center instance ARN']);
  }
  for (const group of ctx.groups) names.push([ssmParameterNames.group(group), (c) => c.groupId(group), `the identity-store id of group '${group}'`]);
  return names.map(([name, value, what]) => ({
    id: `ssm${name}`,
    description: `SSM parameter ${name}: ${what}`,
    why: 'the CDK app reads it at deploy time, so synth needs no credentials and no id is typed into the catalog',
    region: 'deployment',
    async check(c) {
      const want = await value(c);
      if (want === undefined) return blocked(`cannot read ${what}`);
      const have = await c.regional
        .send('ssm', new GetParameterCommand({ Name: name }))
        .then((o) => o.Parameter?.Value)
        .catch((err: { name?: string }) => (err.name === 'ParameterNotFound' ? undefined : Promise.reject(err)));
      return have === want ? DONE : todo(have === undefined ? `PutParameter ${want}` : `PutParameter ${want} (was ${have})`);
    },
    act: async (c) => putParameter(c, name, (await value(c))!),
  }));
}

function cdkBootstrapStep(): BootstrapStep {
  return {
    id: 'cdk/bootstrap',
    description: 'the management account is CDK-bootstrapped in the deployment region (stack CDKToolkit)',
    why: 'cdk deploy uploads templates and the custom-resource function to the bootstrap bucket; member accounts are never bootstrapped',
    region: 'deployment',
    async check(ctx) {
      const stacks = await ctx.regional
        .send('cloudformation', new DescribeStacksCommand({ StackName: 'CDKToolkit' }))
        .then((o) => o.Stacks ?? [])
        .catch((err: { name?: string; message?: string }) => (/does not exist/.test(err.message ?? '') ? [] : Promise.reject(err)));
      const ok = stacks.some((s) => /_COMPLETE$/.test(s.StackStatus ?? '') && !/ROLLBACK|DELETE/.test(s.StackStatus ?? ''));
      return ok ? DONE : blocked(`run: npx cdk bootstrap aws://${ctx.managementAccountId}/${ctx.region}`);
    },
  };
}

/** Policy documents compare as parsed JSON (IAM returns them URL-encoded). */
function samePolicy(actual: string | undefined, wanted: object): boolean {
  if (!actual) return false;
  try {
    return JSON.stringify(JSON.parse(decodeURIComponent(actual))) === JSON.stringify(wanted);
  } catch {
    return false;
  }
}

