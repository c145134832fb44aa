/**
 * Scenarios kept beside each AWS organization policy (`policies/aws/<name>.scenarios.yaml` next to
 * `<name>.scp.json` or `<name>.rcp.json`): a request (who, from which account placement, what, on
 * what, with which context) and the decision AWS must reach. The test suite evaluates every scenario
 * with an IAM evaluator over the policies as synthesized, for the full OU path of the placement
 * (test/support/iam/). Both sides are cases: what a guardrail denies and the ordinary work it allows.
 */
import { z } from 'zod';
import { API_VERSION } from '../schema';

/**
 * Who makes the request:
 * - `tenant-admin`: an Identity Center session of the unit's owner permission set (AdministratorAccess);
 * - `root`: the account's root user;
 * - `tenant-workload`: a role the tenant created for a workload, allowed everything by its own policy;
 * - `tenant-role:<path/name>`: a role of that name the tenant created (how an impostor would look);
 * - `peer-tenant-admin`: the owner of another unit's account in the same placement;
 * - `vend-member-role`: OrganizationAccountAccessRole (vend's CLI); `stacksets-exec`: the StackSets execution role;
 * - `vend-role:<name>`: a role the vend baseline created (`vend-endpoint-service-reader`, …);
 * - `management:<role>`: a role in the management account (SCPs never apply to it);
 * - `aws-service:<principal>`: an AWS service principal (`cloudtrail.amazonaws.com`);
 * - `external:<account>`: a principal of an account outside the organization;
 * - `web-identity:entra`: a workload federated from the organization's Entra tenant (AssumeRoleWithWebIdentity).
 */
export const AWS_SCENARIO_PRINCIPAL =
  /^(tenant-admin|root|tenant-workload|peer-tenant-admin|vend-member-role|stacksets-exec|web-identity:entra|tenant-role:[\w+=,.@/-]+|vend-role:[\w+=,.@-]+|management:[\w+=,.@/-]+|aws-service:[a-z0-9.-]+\.amazonaws\.com|external:\d{12})$/;

/** Accounts a resource can live in. */
export const SCENARIO_ACCOUNTS = ['account', 'peer', 'management', 'external'] as const;

const placement = z
  .string()
  .regex(/^(all|quarantine|[a-z][a-z0-9]*\/(Space|PoP|Central|ControlPlane))$/, 'must be a placement node key (prod/Space, quarantine) or all');

export const awsScenarioSchema = z.strictObject({
  name: z.string().min(3).describe('What the scenario shows, as a sentence. Unique within the file.'),
  principal: z.string().regex(AWS_SCENARIO_PRINCIPAL, 'must be one of the scenario principals (tenant-admin, tenant-role:<name>, vend-member-role, stacksets-exec, aws-service:<principal>, external:<account>, …)'),
  placement: z
    .union([placement, z.array(placement).min(1)])
    .describe('Placement(s) of the unit account the request is made in or against: node keys, or all (every function node and quarantine).'),
  action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'must be one service:Action'),
  resource: z
    .string()
    .default('*')
    .describe('Resource ARN; {{partition}}, {{region}}, {{account}}, {{peerAccount}}, {{managementAccount}}, {{externalAccount}} are filled in.'),
  resourceAccount: z.enum(SCENARIO_ACCOUNTS).optional().describe('Owner of a resource whose ARN names no account (S3). Default: from the ARN, else account.'),
  region: z.string().optional().describe('aws:RequestedRegion. Default: the organization\'s first region.'),
  context: z
    .record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()]))
    .optional()
    .describe('Request context keys, added to (or replacing) the ones the principal and placement imply.'),
  resourcePolicy: z
    .union([z.literal('allow-all'), z.literal('account-root'), z.record(z.string(), z.unknown())])
    .optional()
    .describe(
      'The resource\'s own policy: allow-all (lets anyone in), account-root (delegates to the owning account\'s IAM policies, as every vend key policy does), or a policy document.',
    ),
  via: z
    .string()
    .regex(/^vpc-endpoint:[a-z0-9-]+$/)
    .optional()
    .describe('vpc-endpoint:<service>: the request goes through that interface endpoint of the Space baseline, under its synthesized policy.'),
  expect: z.enum(['allowed', 'denied']),
  deniedBy: z
    .string()
    .optional()
    .describe('The Sid of the statement that must deny, or implicit when nothing allows the request. Default: any explicit deny.'),
  why: z.string().optional().describe('The rule or AWS behaviour the scenario relies on, with its citation.'),
});
export type AwsScenario = z.infer<typeof awsScenarioSchema>;

export const awsScenariosSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('AwsScenarios'),
  scenarios: z.array(awsScenarioSchema).min(1),
});
export type AwsScenarios = z.infer<typeof awsScenariosSchema>;
