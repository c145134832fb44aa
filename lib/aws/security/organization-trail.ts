import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CLOUDTRAIL_PREFIX, ORGANIZATION_TRAIL_NAME } from '../baseline/log-delivery-policy';
import { accountKeyStatements } from '../key-policy';
import { organizationTrailSelectors } from './trail-selectors';

export interface OrganizationTrailProps {
  readonly organization: string;
  readonly organizationId: string;
  readonly logArchiveBucketName: string;
  /** The Central account, which reads (decrypts) the trail's logs. */
  readonly centralAccountId: string;
}

/**
 * The organization trail, created in the management account (CloudTrail trusted access is turned
 * on by `vend bootstrap aws`): every region, global service events, log-file validation, its own
 * KMS key, management events plus the data events of organizationTrailSelectors, into the
 * Central account's log archive (whose bucket policy admits exactly this trail's ARN) and into a
 * CloudWatch Logs group of the management account.
 */
export class OrganizationTrail extends Construct {
  readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: 'vend: organization CloudTrail',
      enableKeyRotation: true,
      policy: new iam.PolicyDocument({
        statements: [
          ...accountKeyStatements(),
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
            conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${Aws.PARTITION}:cloudtrail:*:${Aws.ACCOUNT_ID}:trail/*` } },
          }),
          new iam.PolicyStatement({
            sid: 'TrailLogGroup',
            principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
            actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            resources: ['*'],
            conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
          }),
          new iam.PolicyStatement({
            sid: 'SecurityAccountReadsLogs',
            principals: [new iam.AccountPrincipal(props.centralAccountId)],
            actions: ['kms:Decrypt'],
            resources: ['*'],
            conditions: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
          }),
        ],
      }),
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: ORGANIZATION_TRAIL_NAME,
      bucket: s3.Bucket.fromBucketName(this, 'LogArchive', props.logArchiveBucketName),
      s3KeyPrefix: CLOUDTRAIL_PREFIX,
      isOrganizationTrail: true,
      orgId: props.organizationId,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      encryptionKey: key,
      // Also into CloudWatch Logs in the management account (CT.CLOUDTRAIL.PR.3), where alarms can
      // watch it; encrypted with the trail key, kept a year.
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: new logs.LogGroup(this, 'LogGroup', {
        logGroupName: `/vend/${ORGANIZATION_TRAIL_NAME}`,
        encryptionKey: key,
        retention: logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    });
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.advancedEventSelectors = organizationTrailSelectors(Aws.PARTITION, props.organization);
    // A trail takes basic or advanced selectors, not both (CloudTrail PutEventSelectors); the L2
    // construct writes an empty basic list.
    cfnTrail.addPropertyDeletionOverride('EventSelectors');
  }
}
