import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeGuard } from '../nag/acknowledgements';
import { accountKeyStatements } from '../key-policy';
import { logBucketProps } from './log-bucket';
import { acknowledgeS3ProtectionAsFeature, guardDutyFeatures } from './guardduty-features';
import { logDeliveryBucketStatements, logDeliveryKeyStatement } from './log-delivery-policy';

/** Alias of the data lake key, by which the pipeline finds its ARN for other regions' findings. */
export const LOG_ARCHIVE_KEY_ALIAS = 'alias/vend/log-archive';

/** Where GuardDuty findings go in the data lake. */
export const FINDINGS_PREFIX = 'guardduty';

export interface SecurityDataLakeProps {
  /** Name of the log archive bucket; members write flow logs to it by this name. */
  readonly bucketName: string;
  /** Only principals of this organization (and AWS log services acting for it) may use the bucket. */
  readonly organizationId: string;
  /** The management account, home of the organization trail. */
  readonly managementAccountId: string;
  /**
   * GuardDuty protection plans of the delegated administrator's detector.
   * @default - none beyond GuardDuty's foundational detection
   */
  readonly guardDutyFeatures?: readonly string[];
  /**
   * How long Object Lock keeps every log object from being deleted or overwritten.
   * @default 365 days, governance mode
   */
  readonly retention?: Duration;
  /**
   * When log objects move to cold storage.
   * @default Glacier Flexible Retrieval after 90 days, Deep Archive after 365 days
   */
  readonly coldStorageAfter?: Duration;
}

/**
 * The Central account's security data lake: the organization's log archive bucket (CloudTrail, VPC
 * flow logs, load balancer logs) and the GuardDuty findings exported to it, plus this account's own
 * GuardDuty detector and Security Hub, which become the organization's delegated administrators.
 */
export class SecurityDataLake extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SecurityDataLakeProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'vend: log archive and GuardDuty findings',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          ...accountKeyStatements(),
          logDeliveryKeyStatement(props.organizationId),
          new iam.PolicyStatement({
            sid: 'GuardDutyFindingsExport',
            principals: [new iam.ServicePrincipal('guardduty.amazonaws.com')],
            actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
            resources: ['*'],
            conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }),
    });

    this.key.addAlias(LOG_ARCHIVE_KEY_ALIAS);

    const coldAfter = props.coldStorageAfter ?? Duration.days(90);
    this.bucket = new s3.Bucket(this, 'LogArchive', {
      ...logBucketProps(this.key),
      bucketName: props.bucketName,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(props.retention ?? Duration.days(365)),
      lifecycleRules: [
        {
          id: 'cold-storage',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER, transitionAfter: coldAfter },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(Math.max(365, coldAfter.toDays() + 90)) },
          ],
          noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(30) }],
          noncurrentVersionExpiration: Duration.days(730),
        },
      ],
    });

    acknowledge(this.bucket, {
      id: 'AwsSolutions-S1',
      reason: 'Reads and deletions in the log archive are recorded by the organization CloudTrail\'s S3 data-event selectors (lib/aws/security/trail-selectors.ts); server access logs of the archive into itself would loop.',
    });

    acknowledgeGuard(this.bucket, 's3_bucket_logging_enabled_check', 'Reads and deletions in the archive are recorded by the organization trail\'s data-event selectors (lib/aws/security/trail-selectors.ts); server access logs of the archive into itself would loop.');
    acknowledgeGuard(this.bucket, 's3_event_notifications_enabled_check', 'Nothing consumes archive events; the security team reads the archive through Athena and the trail records every read.');

    // Nobody outside the organization, except AWS services acting for it (checked below by source org).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOutsideOrganization',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': props.organizationId },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );
    const delivery = { bucketArn: this.bucket.bucketArn, organizationId: props.organizationId, managementAccountId: props.managementAccountId, trailRegion: Aws.REGION };
    for (const statement of logDeliveryBucketStatements(delivery)) this.bucket.addToResourcePolicy(statement);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'GuardDutyFindingsExport',
        principals: [new iam.ServicePrincipal('guardduty.amazonaws.com')],
        actions: ['s3:GetBucketLocation', 's3:PutObject'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects(`${FINDINGS_PREFIX}/*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    // This account's detector becomes the organization's GuardDuty administrator; its publishing
    // destination exports the findings of every member into the data lake.
    const detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: guardDutyFeatures(props.guardDutyFeatures),
    });
    acknowledgeS3ProtectionAsFeature(detector, props.guardDutyFeatures);
    const destination = new guardduty.CfnPublishingDestination(this, 'FindingsExport', {
      detectorId: detector.ref,
      destinationType: 'S3',
      destinationProperties: {
        destinationArn: `${this.bucket.bucketArn}/${FINDINGS_PREFIX}`,
        kmsKeyArn: this.key.keyArn,
      },
    });
    if (this.bucket.policy) destination.node.addDependency(this.bucket.policy);

    new securityhub.CfnHub(this, 'SecurityHub', { enableDefaultStandards: true, autoEnableControls: true });
  }
}
