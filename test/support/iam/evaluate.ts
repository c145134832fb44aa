/**
 * Evaluates requests in member accounts with `@cloud-copilot/iam-simulate` (an IAM evaluator nobody
 * in this project wrote; AGPL, so a devDependency used only here) over the SCPs and RCPs as
 * synthesized, for the full OU path of the account's placement at that moment.
 *
 * `evaluateMemberCalls` is the entry point for other suites (decommission): give it a placement
 * (`prod/Space`, `quarantine`) and the calls a step makes, and it says which AWS would allow.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { accountId, requester, type AccountRole } from './principals';
import { EXAMPLE, loadGuardrailWorld, type GuardrailWorld, type OrganizationPolicy } from './world';

export interface MemberCall {
  /** A scenario principal (`vend-member-role`, `tenant-admin`, `aws-service:…`, …). */
  readonly principal: string;
  readonly action: string;
  /** ARN with {{partition}}, {{region}}, {{account}}, {{peerAccount}}, {{managementAccount}}, {{externalAccount}}. @default '*' */
  readonly resource?: string;
  /** Owner of a resource whose ARN names no account (S3). @default from the ARN, else the unit account */
  readonly resourceAccount?: AccountRole;
  /** @default the organization's first region */
  readonly region?: string;
  readonly context?: Record<string, string | string[] | boolean>;
  /** The resource's own policy: `allow-all`, `account-root` (delegate to the owner's IAM policies) or a document. */
  readonly resourcePolicy?: 'allow-all' | 'account-root' | Record<string, unknown>;
  /** `vpc-endpoint:<service>`: the call goes through that interface endpoint of the Space baseline. */
  readonly via?: string;
}

export interface CallResult {
  readonly decision: 'allowed' | 'denied';
  readonly result: string;
  /** Sids of the statements that denied (empty for an implicit deny). */
  readonly deniedBy: readonly string[];
  readonly ignoredContextKeys: readonly string[];
}

export interface EvaluateOptions {
  /** Evaluate against these SCPs instead of the synthesized ones (negative controls). */
  readonly scps?: readonly OrganizationPolicy[];
}

let shared: GuardrailWorld | undefined;

/** The bundled catalog's world, synthesized once per test file (jest isolates modules per file). */
export function bundledWorld(): GuardrailWorld {
  return (shared ??= loadGuardrailWorld());
}

/** Evaluates member-account calls for an account in `placement`, in order. */
export async function evaluateMemberCalls(placement: string, calls: readonly MemberCall[], world: GuardrailWorld = bundledWorld()): Promise<CallResult[]> {
  const results: CallResult[] = [];
  for (const call of calls) results.push(await evaluateCall(world, placement, call));
  return results;
}

export async function evaluateCall(world: GuardrailWorld, placement: string, call: MemberCall, options: EvaluateOptions = {}): Promise<CallResult> {
  if (!world.placements.includes(placement)) throw new Error(`'${placement}' is not a placement (${world.placements.join(', ')})`);
  const simulation = buildSimulation(world, placement, call, options);
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') throw new Error(`the evaluator rejected ${call.action} on ${simulation.request.resource.resource}: ${JSON.stringify(response.errors)}`);
  // A `*` resource on an action with resource types is evaluated per matching resource pattern.
  const results = response.resultType === 'single' ? [response.result] : response.results;
  return {
    decision: response.overallResult === 'Allowed' ? 'allowed' : 'denied',
    result: response.overallResult,
    deniedBy: [...new Set(results.flatMap((r) => denyingSids(r.analysis)))].sort(),
    ignoredContextKeys: [...new Set(results.flatMap((r) => r.ignoredContextKeys ?? []))],
  };
}

function buildSimulation(world: GuardrailWorld, placement: string, call: MemberCall, options: EvaluateOptions): Simulation {
  const region = call.region ?? world.regions[0];
  const who = requester(world, call.principal, placement, region);
  const resource = fill(call.resource ?? '*', world, region);
  const resourceRole = call.resourceAccount ?? accountRoleOfArn(world, resource) ?? 'account';
  const resourceAccount = accountId(world, resourceRole);
  const inOrgMember = resourceRole === 'account' || resourceRole === 'peer';
  const context: Record<string, string | string[]> = {
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': region,
    'aws:ResourceAccount': resourceAccount,
    ...(resourceRole !== 'external' ? { 'aws:ResourceOrgID': EXAMPLE.organizationId } : {}),
    ...(inOrgMember ? { 'aws:ResourceOrgPaths': [world.orgPath(placement)] } : {}),
    ...who.context,
    ...Object.fromEntries(Object.entries(call.context ?? {}).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v])),
  };
  return {
    request: { principal: who.arn, action: call.action, resource: { resource, accountId: resourceAccount }, contextVariables: context },
    identityPolicies: who.identityPolicies,
    serviceControlPolicies: who.inOrganizationMember ? world.scpLevels(placement, options.scps) : [],
    // RCPs govern resources of member accounts; never the management account's (orgs_manage_policies_rcps.html).
    resourceControlPolicies: inOrgMember ? world.rcpLevels(placement) : [],
    resourcePolicy: resourcePolicyOf(call.resourcePolicy, call.action, `arn:${world.partition}:iam::${resourceAccount}:root`),
    vpcEndpointPolicies: call.via ? [{ name: call.via, policy: world.endpointPolicy(call.via.replace(/^vpc-endpoint:/, ''), region) }] : undefined,
  };
}

function resourcePolicyOf(policy: MemberCall['resourcePolicy'], action: string, ownerRoot: string): unknown {
  if (policy === 'allow-all') return { Version: '2012-10-17', Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Principal: '*', Action: action, Resource: '*' }] };
  // lib/aws/key-policy.ts: the account owns its key; its IAM policies decide.
  if (policy === 'account-root') return { Version: '2012-10-17', Statement: [{ Sid: 'AccountRolesOnly', Effect: 'Allow', Principal: { AWS: ownerRoot }, Action: '*', Resource: '*' }] };
  return policy;
}

export function fill(template: string, world: GuardrailWorld, region: string): string {
  const values: Record<string, string> = {
    partition: world.partition,
    region,
    account: EXAMPLE.account,
    peerAccount: EXAMPLE.peer,
    managementAccount: world.managementAccount,
    externalAccount: EXAMPLE.external,
    organizationId: EXAMPLE.organizationId,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`unknown placeholder ${whole} in '${template}'`);
    return values[name];
  });
}

function accountRoleOfArn(world: GuardrailWorld, arn: string): AccountRole | undefined {
  const account = arn.split(':')[4];
  if (!account) return undefined;
  return (['account', 'peer', 'management', 'external'] as const).find((role) => accountId(world, role) === account);
}

/** Sids of every matching Deny statement anywhere in the analysis. */
function denyingSids(analysis: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'denyStatements' && Array.isArray(value)) {
        for (const s of value) found.add((s as { statement: { sid(): string | undefined } }).statement.sid() ?? '(no Sid)');
      } else walk(value);
    }
  };
  walk(analysis);
  return [...found].sort();
}
