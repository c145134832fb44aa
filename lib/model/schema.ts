/**
 * The catalog's file formats, declared once. The TypeScript types, the runtime validation and
 * the JSON Schema that editors use (`schema/vend.schema.json`) are all derived from these.
 *
 * This folder is the cloud-neutral model: it must not import any cloud SDK, aws-cdk-lib or cdktf.
 */
import { z } from 'zod';

export const API_VERSION = 'vend/v1';

export const UNIT_KINDS = ['Space', 'PoP', 'Central', 'ControlPlane'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const CLOUDS = ['aws', 'azure'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const ACCESS_ROLES = ['owner', 'admin', 'contributor', 'viewer'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export const LIFECYCLES = ['active', 'decommissioned'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

const apiVersion = z.literal(API_VERSION).describe('Format version of this file.');

/** Lower-case DNS-label style name: usable as an AWS account name, an Azure alias and a stack id. */
export const unitName = z
  .string()
  .min(3)
  .max(50)
  .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'must be lower-case letters, digits and single hyphens, starting with a letter')
  .refine((s) => !s.includes('--'), 'must not contain "--"');

const environmentName = z
  .string()
  .min(2)
  .max(12)
  .regex(/^[a-z][a-z0-9]*$/, 'must be lower-case letters and digits, starting with a letter');

const awsAccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region name');
const availabilityZoneId = z.string().regex(/^[a-z]{2,6}\d-az\d{1,2}$/, 'must be an Availability Zone id such as use1-az1');
const uuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID');
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address');
const domain = z
  .string()
  .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be a lower-case DNS domain');
const tagMap = z
  .record(
    z.string().min(1).max(128).regex(/^[\w.:/=+\-@ ]+$/, 'tag keys use letters, digits, spaces and _.:/=+-@'),
    z.string().max(256),
  )
  .describe('Tags copied to the account or subscription and everything vend creates in it.');

export const quotasSchema = z
  .strictObject({
    scpMaxCharacters: z.number().int().positive().optional().describe('Largest SCP, minified (AWS: 10,240).'),
    scpMaxPerTarget: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('SCPs attached to one root, OU or account, FullAWSAccess included (AWS: 10).'),
    rcpMaxCharacters: z.number().int().positive().optional().describe('Largest RCP, minified (AWS: 5,120).'),
    rcpMaxPerTarget: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('RCPs attached to one root, OU or account, RCPFullAWSAccess included (AWS: 5).'),
    declarativeMaxCharacters: z.number().int().positive().optional().describe('Largest declarative policy (AWS: 10,000).'),
    declarativeMaxPerTarget: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Declarative policies attached to one root, OU or account (AWS: 10).'),
    ouMaxDepth: z.number().int().positive().optional().describe('OU levels below the root (AWS: 5).'),
    managementGroupMaxDepth: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Management-group levels below the tenant root (Azure: 6).'),
    policyAssignmentsPerScope: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Azure Policy assignments at one scope (Azure: 200).'),
    policyDefinitionMaxBytes: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Largest Azure Policy definition (Azure: about 1 MB).'),
    accountClosurePercent: z
      .number()
      .positive()
      .max(100)
      .optional()
      .describe('Share of accounts that may be closed per rolling 30 days (AWS: 20%).'),
    accountClosureMinimum: z.number().int().positive().optional(),
    accountClosureMaximum: z.number().int().positive().optional(),
    cloudFormationStacks: z.number().int().positive().optional().describe('CloudFormation stacks per account and region (AWS: 2,000).'),
    cloudFormationStackSets: z.number().int().positive().optional().describe('StackSets per administrator account (AWS: 1,000).'),
    cloudFormationStackInstancesPerStackSet: z.number().int().positive().optional().describe('Stack instances per StackSet (AWS: 100,000).'),
    cloudFormationResourcesPerTemplate: z.number().int().positive().optional().describe('Resources per template (AWS: 500).'),
    cloudFormationParametersPerTemplate: z.number().int().positive().optional().describe('Parameters per template (AWS: 200).'),
    cloudFormationOutputsPerTemplate: z.number().int().positive().optional().describe('Outputs per template (AWS: 200).'),
    cloudFormationTemplateBodyBytes: z.number().int().positive().optional().describe('Inline template body bytes (AWS: 51,200).'),
    cloudFormationTemplateS3Bytes: z.number().int().positive().optional().describe('Template bytes in an S3 object (AWS: 1 MB).'),
  })
  .describe('Overrides of the built-in service limits vend validates against.');

export const organizationSchema = z.strictObject({
  apiVersion,
  kind: z.literal('Organization'),
  name: z
    .string()
    .min(2)
    .max(20)
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'must be lower-case letters, digits and hyphens'),
  environments: z
    .array(environmentName)
    .min(1)
    .describe('Environments, least to most sensitive. Each gets its own branch of the hierarchy.'),
  aws: z
    .strictObject({
      managementAccountId: awsAccountId,
      regions: z.array(awsRegion).min(1),
      availabilityZoneIds: z
        .record(awsRegion, z.array(availabilityZoneId).min(2))
        .optional()
        .describe(
          'Per region, the Availability Zone ids (not names: names map to different zones in different accounts) whose subnets every VPC uses, in order; PoPs and Spaces share them so PrivateLink endpoints land where the PoP serves. The first two are used. Read them once with `aws ec2 describe-availability-zones`.',
        ),
      pops: z
        .strictObject({
          domain: domain.describe('Private DNS domain: a Space reaches its PoP at <pop>.<domain>, over TLS 1.2+.'),
          certificateAuthorities: z
            .record(
              awsRegion,
              z.string().regex(/^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/, 'must be an AWS Private CA ARN'),
            )
            .describe('Per region, the AWS Private CA that issues PoP listener certificates (shared with the organization, for example through AWS RAM).'),
        })
        .optional()
        .describe('How Spaces reach AWS PoPs by name over TLS.'),
      emailDomain: domain.describe('Account root e-mails are <unit>@<emailDomain>.'),
      vendingRoleName: z
        .string()
        .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name: up to 64 letters, digits and _+=,.@-')
        .optional()
        .describe(
          'Management-account role the pipeline deploys with. Never exempted by member-account guardrails (SCPs do not apply in the management account). Default: VendPipelineRole.',
        ),
      identityCenterInstanceArn: z
        .string()
        .regex(/^arn:aws:sso:::instance\/ssoins-[a-f0-9]{16}$/, 'must be an Identity Center instance ARN (arn:aws:sso:::instance/ssoins-<16 hex digits>)')
        .optional()
        .describe('IAM Identity Center instance. Default: looked up by the pipeline.'),
      identityCenterGroups: z
        .array(z.string().min(1).max(128).regex(/^[\w .@+=,-]+$/, 'must be a directory group name'))
        .optional()
        .describe(
          'Identity Center groups AWS units may grant access to. `vend bootstrap aws` writes the SSM parameter each one needs; `vend validate` refuses a group not listed here.',
        ),
    })
    .optional(),
  azure: z
    .strictObject({
      tenantId: uuid,
      billingScope: z
        .string()
        .regex(/^\/providers\/Microsoft\.Billing\/billingAccounts\/[^/]+(\/.+)?$/, 'must be a billing scope id'),
      locations: z.array(z.string().regex(/^[a-z]+[a-z0-9]*$/, 'must be an Azure location name')).min(1),
      securityContactEmail: email.optional(),
    })
    .optional(),
  networkRanges: z
    .record(environmentName, z.array(z.string()).min(1))
    .optional()
    .describe(
      'Address ranges per environment (IPv4 CIDRs). Units\' networks must lie inside their environment\'s ranges, and `vend new` allocates the next free block from them.',
    ),
  quotas: quotasSchema.optional(),
  decommission: z
    .strictObject({
      allowProtectedKinds: z
        .array(z.enum(UNIT_KINDS))
        .optional()
        .describe('Kinds (Central, ControlPlane) that decommission may take out of service. Default: none.'),
      allowProtectedUnits: z
        .boolean()
        .optional()
        .describe('Let decommission act on units marked protected. Default: false.'),
    })
    .optional(),
});
export type OrganizationSpec = z.infer<typeof organizationSchema>;
export type QuotaOverrides = z.infer<typeof quotasSchema>;

export const accessEntrySchema = z.strictObject({
  group: z.string().min(1).max(128).regex(/^[\w .@+=,-]+$/, 'must be a directory group name'),
  role: z.enum(ACCESS_ROLES),
});
export type AccessEntry = z.infer<typeof accessEntrySchema>;

export const unitSchema = z.strictObject({
  apiVersion,
  kind: z.enum(UNIT_KINDS),
  name: unitName,
  cloud: z.enum(CLOUDS),
  environment: environmentName,
  region: z.string().min(1).describe('An AWS region or Azure location listed in organization.yaml.'),
  tenancy: z.enum(['single', 'multi']).optional().describe('Spaces only. Default: the template\'s.'),
  owners: z.array(email).min(1),
  network: z
    .strictObject({
      cidr: z.string().describe('IPv4 CIDR of the unit\'s VPC or VNet.'),
      pop: unitName.optional().describe('Spaces: the PoP this Space reaches over Private Link.'),
    })
    .optional(),
  encryption: z
    .strictObject({
      customerManagedKey: z
        .string()
        .regex(
          /^(arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}|https:\/\/[a-z0-9-]+\.vault\.azure\.net\/keys\/[\w-]+(\/[0-9a-f]{32})?)$/,
          'must be a KMS key ARN or a Key Vault key id',
        )
        .describe('BYOK: the customer\'s key for the unit\'s data (single-tenant Spaces).'),
    })
    .optional(),
  access: z.array(accessEntrySchema).optional(),
  lifecycle: z.enum(LIFECYCLES).optional().describe('Default: active.'),
  protected: z.boolean().optional().describe('Protected units can never be decommissioned. Default: false.'),
  adopted: z
    .strictObject({
      id: z
        .string()
        .regex(/^(\d{12}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, 'must be a 12-digit AWS account id or a subscription id')
        .describe('The existing account or subscription this unit manages.'),
      email: email.optional().describe('AWS: the account\'s root e-mail, when it is not <name>@<emailDomain>.'),
    })
    .optional()
    .describe('Written by `vend adopt`: the unit manages an account or subscription that existed before vend; it is never created again.'),
  tags: tagMap.optional(),
});
export type UnitSpec = z.infer<typeof unitSchema>;

/**
 * GuardDuty protection plans (feature names of the GuardDuty API, UpdateOrganizationConfiguration
 * `Features[].Name`, and AWS::GuardDuty::Detector `Features`).
 */
export const GUARDDUTY_FEATURES = [
  'S3_DATA_EVENTS',
  'EKS_AUDIT_LOGS',
  'EBS_MALWARE_PROTECTION',
  'RDS_LOGIN_EVENTS',
  'LAMBDA_NETWORK_LOGS',
  'RUNTIME_MONITORING',
] as const;

/** Security Hub standards, as the path of their standards ARN after `standards/`. */
export const SECURITY_HUB_STANDARDS = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
  'nist-800-53/v/5.0.0',
  'pci-dss/v/3.2.1',
] as const;

/** What a kind of unit gets: its function-level guardrails and its baseline. */
export const templateSchema = z.strictObject({
  apiVersion,
  kind: z.literal('Template'),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens, starting with a letter'),
  for: z.enum(UNIT_KINDS),
  description: z.string().optional(),
  version: z.string().regex(/^\d{4}\.\d{2}\.\d+$/, 'must be a CalVer version (YYYY.MM.N)'),
  controls: z.array(z.string()).describe('Controls attached to this kind\'s hierarchy nodes (inherited by its units).'),
  defaults: z
    .strictObject({
      tenancy: z.enum(['single', 'multi']).optional(),
      access: z.array(accessEntrySchema).optional(),
      tags: tagMap.optional(),
    })
    .optional(),
  baseline: z.strictObject({
    kms: z.strictObject({ rotation: z.boolean() }),
    threatDetection: z.boolean().describe('GuardDuty / Defender for Cloud.'),
    logForwarding: z.strictObject({ flowLogs: z.boolean(), activityLogs: z.boolean() }),
    network: z.strictObject({
      internetAccess: z.boolean().describe('false: no internet gateway, NAT or public IP.'),
      exposesEndpointService: z.boolean().describe('PoPs: publish a Private Link service for Spaces.'),
      reachesPop: z.boolean().describe('Spaces: a Private Link endpoint to the PoP named in network.pop.'),
      awsInterfaceEndpoints: z.array(z.string()).optional().describe('AWS service endpoints the VPC needs.'),
    }),
    defenderPlans: z.array(z.string()).optional().describe('Azure Defender for Cloud plans set to Standard.'),
    defenderPlanSettings: z
      .record(
        z.string(),
        z.strictObject({
          subplan: z.string().optional().describe('The plan\'s subplan, e.g. P2 for VirtualMachines.'),
          extensions: z
            .array(z.union([z.string(), z.strictObject({ name: z.string(), properties: z.record(z.string(), z.string()) })]))
            .describe('Extensions to enable, by name, or with their additional properties. An extension a plan has and this list leaves out is turned off.'),
        }),
      )
      .optional()
      .describe('Azure: per Defender plan in defenderPlans, its subplan and extensions.'),
    securityDataLake: z.boolean().optional().describe('Central: hosts the log archive and findings.'),
    awsAccount: z
      .strictObject({
        config: z.boolean().describe('AWS Config recorder in the unit\'s region, delivering to the log archive.'),
        ebsDefaultEncryption: z.boolean().describe('EBS encryption by default (the account\'s aws/ebs key).'),
        s3BlockPublicAccess: z.boolean().describe('Account-level S3 Block Public Access, all four settings.'),
      })
      .optional()
      .describe('AWS account-level settings the baseline turns on. Default: none.'),
    securityServices: z
      .strictObject({
        guardDutyFeatures: z
          .array(z.enum(GUARDDUTY_FEATURES))
          .describe('GuardDuty protection plans enabled for the delegated administrator and auto-enabled for every account.'),
        securityHubStandards: z
          .array(z.enum(SECURITY_HUB_STANDARDS))
          .min(1)
          .describe('Security Hub standards of the central configuration policy applied to the whole organization.'),
        accessAnalyzer: z.boolean().describe('An organization-wide IAM Access Analyzer in the delegated administrator.'),
        configAggregator: z.boolean().describe('An organization-wide AWS Config aggregator in the delegated administrator.'),
      })
      .optional()
      .describe('Central (AWS): the organization-wide security services it administers. Default: GuardDuty and Security Hub with no plans or standards beyond the defaults.'),
  }),
});
export type TemplateSpec = z.infer<typeof templateSchema>;

export const CONTROL_ATTACHMENTS = ['organization', 'template', 'quarantine'] as const;
export type ControlAttachment = (typeof CONTROL_ATTACHMENTS)[number];

/**
 * A guardrail, named once and realized per cloud. `attachTo` says where in the derived hierarchy it
 * lives: `organization` (the top node, inherited by everything), `template` (the hierarchy nodes of
 * the kinds whose template lists it) or `quarantine` (the quarantine / decommissioned node).
 */
export const controlSchema = z.strictObject({
  apiVersion,
  kind: z.literal('Control'),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens, starting with a letter'),
  title: z.string(),
  rationale: z.string(),
  attachTo: z.enum(CONTROL_ATTACHMENTS),
  aws: z
    .strictObject({
      scp: z.string().optional().describe('Service control policy JSON file, relative to policies/.'),
      rcp: z.string().optional().describe('Resource control policy JSON file, relative to policies/.'),
      declarative: z.string().optional().describe('EC2 declarative policy JSON file, relative to policies/.'),
    })
    .refine((aws) => Boolean(aws.scp || aws.rcp || aws.declarative), 'names at least one of scp, rcp, declarative')
    .optional(),
  azure: z
    .strictObject({
      definitions: z.array(z.string()).min(1).describe('Azure Policy definition JSON files, relative to policies/.'),
    })
    .optional(),
});
export type ControlSpec = z.infer<typeof controlSchema>;
