import { Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';
import { SingleAccountStackSet } from '../stacksets/single-account-stack-set';
import { SECURITY_ADMIN_ROLE } from '../baseline/pipeline-read-role';
import { LOG_ARCHIVE_KEY_ALIAS } from '../baseline/security-data-lake';
import { RegionalSecurityParameter } from '../baseline/service-templates';
import { accountRolesOnlyStatement } from '../key-policy';

export interface SecurityStackProps extends StackProps {
  /** The Central unit's account: delegated administrator and log archive. */
  readonly centralAccountId: string;
  readonly centralRegion: string;
  readonly logArchiveBucketName: string;
  readonly organizationId: string;
  /** Every organization region: GuardDuty and Security Hub are delegated and auto-enabled in each. */
  readonly regions: readonly string[];
  /** Template with the Central account's detector and hub for regions other than its home. */
  readonly regionalSecurityTemplateBody: string;
  /** Template that configures Security Hub for the organization from the Central account. */
  readonly securityAdminTemplateBody: string;
}

/**
 * Organization-wide security services, deployed in the management account: the organization
 * CloudTrail into the Central log archive, and GuardDuty and Security Hub with the Central account as
 * delegated administrator and auto-enable for every current and future account.
 */
export class SecurityStack extends Stack {
  readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, props);

    const trailKey = new kms.Key(this, 'TrailKey', {
      description: 'vend: organization CloudTrail',
      enableKeyRotation: true,
      policy: new iam.PolicyDocument({
        statements: [
          accountRolesOnlyStatement(),
          new iam.PolicyStatement({
            sid: 'CloudTrailDescribe',
            principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
            actions: ['kms:DescribeKey'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'CloudTrailEncrypt',
            principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
            actions: ['kms:GenerateDataKey*'],
            resources: ['*'],
            conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${this.partition}:cloudtrail:*:${this.account}:trail/*` } },
          }),
          new iam.PolicyStatement({
            sid: 'SecurityAccountReadsLogs',
            principals: [new iam.AccountPrincipal(props.centralAccountId)],
            actions: ['kms:Decrypt'],
            resources: ['*'],
            conditions: { 'Null': { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
          }),
        ],
      }),
    });

    this.trail = new cloudtrail.Trail(this, 'OrganizationTrail', {
      trailName: 'vend-organization',
      bucket: s3.Bucket.fromBucketName(this, 'LogArchive', props.logArchiveBucketName),
      s3KeyPrefix: 'cloudtrail',
      isOrganizationTrail: true,
      orgId: props.organizationId,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      encryptionKey: trailKey,
      sendToCloudWatchLogs: false,
    });

    // GuardDuty and Security Hub: the Central account administers the organization in every
    // organization region and auto-enables every current and future account there. Outside its home
    // region its detector and hub come from a regional StackSet, created before the delegation.
    const otherRegions = props.regions.filter((r) => r !== props.centralRegion);
    const regional = otherRegions.length > 0
      ? new SingleAccountStackSet(this, 'RegionalSecurityStackSet', {
        parameters: {
          [RegionalSecurityParameter.FindingsBucketArn]: `arn:${this.partition}:s3:::${props.logArchiveBucketName}`,
          [RegionalSecurityParameter.FindingsKeyArn]: this.logArchiveKeyArn(props),
        },
        stackSetName: 'vend-security-regional',
        description: 'vend: GuardDuty detector and Security Hub of the delegated administrator outside its home region',
        templateBody: props.regionalSecurityTemplateBody,
        accountId: props.centralAccountId,
        regions: otherRegions,
      })
      : undefined;
    const delegations: Construct[] = [];
    for (const region of [props.centralRegion, ...otherRegions]) {
      const scope = new Construct(this, `Region-${region}`);
      const home = region === props.centralRegion;
      const delegation = this.delegateThreatDetection(scope, region, props);
      if (regional) delegation.node.addDependency(regional);
      if (home) {
        const hubAdmin = new securityhub.CfnDelegatedAdmin(scope, 'SecurityHubDelegatedAdmin', { adminAccountId: props.centralAccountId });
        delegations.push(hubAdmin);
      } else {
        const call: cr.AwsSdkCall = {
          service: 'SecurityHub',
          action: 'enableOrganizationAdminAccount',
          parameters: { AdminAccountId: props.centralAccountId },
          region,
          physicalResourceId: cr.PhysicalResourceId.of(`securityhub-admin-${region}`),
        };
        const hubAdmin = new cr.AwsCustomResource(scope, 'SecurityHubDelegatedAdmin', {
          onCreate: call,
          onUpdate: call,
          onDelete: { ...call, action: 'disableOrganizationAdminAccount' },
          policy: cr.AwsCustomResourcePolicy.fromStatements([
            new iam.PolicyStatement({ actions: [...SECURITY_HUB_ADMIN_ACTIONS, ...ORGANIZATIONS_DELEGATION_ACTIONS], resources: ['*'] }),
          ]),
          installLatestAwsSdk: false,
        });
        acknowledge(hubAdmin, {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'Security Hub and Organizations delegated-administrator calls have no resource-level permissions.',
        });
        hubAdmin.node.addDependency(regional!);
        delegations.push(hubAdmin);
      }
    }

    // Security Hub's organization configuration is set from the administrator, once it is one.
    const securityAdmin = new SingleAccountStackSet(this, 'SecurityAdminStackSet', {
      stackSetName: 'vend-security-admin',
      description: 'vend: Security Hub organization configuration in the delegated administrator',
      templateBody: props.securityAdminTemplateBody,
      accountId: props.centralAccountId,
      regions: [props.centralRegion, ...otherRegions],
    });
    for (const delegation of delegations) securityAdmin.node.addDependency(delegation);
  }

  /** The data lake key's ARN, read in the Central account by its alias. */
  private logArchiveKeyArn(props: SecurityStackProps): string {
    const role = `arn:${this.partition}:iam::${props.centralAccountId}:role/${SECURITY_ADMIN_ROLE}`;
    const call: cr.AwsSdkCall = {
      service: 'KMS',
      action: 'describeKey',
      parameters: { KeyId: LOG_ARCHIVE_KEY_ALIAS },
      region: props.centralRegion,
      assumedRoleArn: role,
      physicalResourceId: cr.PhysicalResourceId.of('log-archive-key'),
      outputPaths: ['KeyMetadata.Arn'],
    };
    const lookup = new cr.AwsCustomResource(this, 'LogArchiveKey', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [role] })]),
      installLatestAwsSdk: false,
    });
    return lookup.getResponseField('KeyMetadata.Arn');
  }

  /** GuardDuty in one region: delegate to the Central account, then auto-enable every account. */
  private delegateThreatDetection(scope: Construct, region: string, props: SecurityStackProps): Construct {
    const adminCall: cr.AwsSdkCall = {
      service: 'GuardDuty',
      action: 'enableOrganizationAdminAccount',
      parameters: { AdminAccountId: props.centralAccountId },
      region,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-admin-${region}`),
    };
    const guardDutyAdmin = new cr.AwsCustomResource(scope, 'GuardDutyDelegatedAdmin', {
      onCreate: adminCall,
      onUpdate: adminCall,
      onDelete: { ...adminCall, action: 'disableOrganizationAdminAccount' },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: [...GUARDDUTY_ADMIN_ACTIONS, ...ORGANIZATIONS_DELEGATION_ACTIONS], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${this.partition}:iam::*:role/aws-service-role/guardduty.amazonaws.com/*`],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledge(guardDutyAdmin, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'GuardDuty and Organizations delegated-administrator calls have no resource-level permissions.',
    }, {
      id: 'AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/aws-service-role/guardduty.amazonaws.com/*]',
      reason: 'GuardDuty creates its service-linked role in the accounts it enables; the path limits it to that role.',
    });
    const securityAdminRole = `arn:${this.partition}:iam::${props.centralAccountId}:role/${SECURITY_ADMIN_ROLE}`;
    const assume = cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [securityAdminRole] }),
    ]);
    const listDetectors: cr.AwsSdkCall = {
      service: 'GuardDuty',
      action: 'listDetectors',
      region,
      assumedRoleArn: securityAdminRole,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-detector-${region}`),
      outputPaths: ['DetectorIds.0'],
    };
    const detector = new cr.AwsCustomResource(scope, 'GuardDutyAdminDetector', {
      onCreate: listDetectors,
      onUpdate: listDetectors,
      policy: assume,
      installLatestAwsSdk: false,
    });
    detector.node.addDependency(guardDutyAdmin);
    const autoEnable: cr.AwsSdkCall = {
      service: 'GuardDuty',
      action: 'updateOrganizationConfiguration',
      parameters: { DetectorId: detector.getResponseField('DetectorIds.0'), AutoEnableOrganizationMembers: 'ALL' },
      region,
      assumedRoleArn: securityAdminRole,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-auto-enable-${region}`),
    };
    new cr.AwsCustomResource(scope, 'GuardDutyAutoEnable', {
      onCreate: autoEnable,
      onUpdate: autoEnable,
      policy: assume,
      installLatestAwsSdk: false,
    });
    return guardDutyAdmin;
  }
}

const ORGANIZATIONS_DELEGATION_ACTIONS = [
  'organizations:EnableAWSServiceAccess',
  'organizations:RegisterDelegatedAdministrator',
  'organizations:DeregisterDelegatedAdministrator',
  'organizations:ListDelegatedAdministrators',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:DescribeOrganization',
];
const GUARDDUTY_ADMIN_ACTIONS = ['guardduty:EnableOrganizationAdminAccount', 'guardduty:DisableOrganizationAdminAccount'];
const SECURITY_HUB_ADMIN_ACTIONS = ['securityhub:EnableOrganizationAdminAccount', 'securityhub:DisableOrganizationAdminAccount'];
