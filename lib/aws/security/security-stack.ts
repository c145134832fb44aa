import { Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';
import { SingleAccountStackSet } from '../stacksets/single-account-stack-set';
import { SECURITY_ADMIN_ROLE } from '../baseline/pipeline-read-role';

export interface SecurityStackProps extends StackProps {
  /** The Central unit's account: delegated administrator and log archive. */
  readonly centralAccountId: string;
  readonly centralRegion: string;
  readonly centralOuId: string;
  readonly logArchiveBucketName: string;
  readonly organizationId: string;
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
          new iam.PolicyStatement({
            sid: 'AccountRolesOnly',
            principals: [new iam.AccountRootPrincipal()],
            actions: ['kms:*'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'CloudTrailEncrypt',
            principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
            actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
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

    // GuardDuty: the Central account administers the organization and auto-enables every account.
    const adminCall: cr.AwsSdkCall = {
      service: 'GuardDuty',
      action: 'enableOrganizationAdminAccount',
      parameters: { AdminAccountId: props.centralAccountId },
      region: props.centralRegion,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-admin-${props.centralRegion}`),
    };
    const guardDutyAdmin = new cr.AwsCustomResource(this, 'GuardDutyDelegatedAdmin', {
      onCreate: adminCall,
      onUpdate: adminCall,
      onDelete: { ...adminCall, action: 'disableOrganizationAdminAccount' },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: [
            'guardduty:EnableOrganizationAdminAccount',
            'guardduty:DisableOrganizationAdminAccount',
            'organizations:EnableAWSServiceAccess',
            'organizations:RegisterDelegatedAdministrator',
            'organizations:DeregisterDelegatedAdministrator',
            'organizations:ListDelegatedAdministrators',
            'organizations:ListAWSServiceAccessForOrganization',
            'organizations:DescribeOrganization',
          ],
          resources: ['*'],
        }),
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
      region: props.centralRegion,
      assumedRoleArn: securityAdminRole,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-detector-${props.centralRegion}`),
      outputPaths: ['DetectorIds.0'],
    };
    const detector = new cr.AwsCustomResource(this, 'GuardDutyAdminDetector', {
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
      region: props.centralRegion,
      assumedRoleArn: securityAdminRole,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-auto-enable-${props.centralRegion}`),
    };
    new cr.AwsCustomResource(this, 'GuardDutyAutoEnable', {
      onCreate: autoEnable,
      onUpdate: autoEnable,
      policy: assume,
      installLatestAwsSdk: false,
    });

    // Security Hub: same delegated administrator; the organization configuration is set from there.
    const hubAdmin = new securityhub.CfnDelegatedAdmin(this, 'SecurityHubDelegatedAdmin', {
      adminAccountId: props.centralAccountId,
    });
    const securityAdmin = new SingleAccountStackSet(this, 'SecurityAdminStackSet', {
      stackSetName: 'vend-security-admin',
      description: 'vend: Security Hub organization configuration in the delegated administrator',
      templateBody: props.securityAdminTemplateBody,
      accountId: props.centralAccountId,
      ouId: props.centralOuId,
      region: props.centralRegion,
    });
    securityAdmin.resource.addResourceDependency(hubAdmin);
  }
}
