import { Aws, CfnParameter, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { accountKeyStatements } from '../key-policy';
import { logBucketProps } from '../baseline/log-bucket';
import { ACCESS_LOG_PREFIX } from '../baseline/pop-service';
import { MANAGED_TAG } from '../managed-tag';
import { acknowledge, acknowledgeGuard } from '../nag/acknowledgements';

export const AccessLogParameter = {
  BucketNamePrefix: 'BucketNamePrefix',
  SourceAccounts: 'SourceAccounts',
  SourceArns: 'SourceArns',
} as const;

/**
 * Stamped into the Central account in every region that has PoPs: the bucket their load balancers
 * write access logs to ("The bucket must be located in the same Region as the load balancer", ELB
 * user guide, "Enable access logs for your Network Load Balancer"). Its bucket and key policies are
 * the ones that page documents for log delivery: `delivery.logs.amazonaws.com`, limited by
 * `aws:SourceAccount` to the region's PoP accounts and by `aws:SourceArn` to their
 * `arn:aws:logs:<region>:<account>:*`, objects written with `bucket-owner-full-control`. NLB access
 * logs support SSE-KMS with a customer managed key (same page), so the bucket uses one.
 */
export class AccessLogBucketTemplateStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const prefix = new CfnParameter(this, AccessLogParameter.BucketNamePrefix, {
      type: 'String',
      description: 'The bucket name without its region suffix.',
      allowedPattern: '^[a-z0-9][a-z0-9.-]*-$',
    }).valueAsString;
    const accounts = new CfnParameter(this, AccessLogParameter.SourceAccounts, {
      type: 'CommaDelimitedList',
      description: 'The accounts of this region\'s PoPs, whose load balancers write here.',
    }).valueAsList;
    const arns = new CfnParameter(this, AccessLogParameter.SourceArns, {
      type: 'CommaDelimitedList',
      description: 'arn:<partition>:logs:<region>:<account>:* of each of those accounts.',
    }).valueAsList;
    const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
    const source = { StringEquals: { 'aws:SourceAccount': accounts }, ArnLike: { 'aws:SourceArn': arns } };

    const key = new kms.Key(this, 'Key', {
      description: 'vend: load-balancer access logs of this region',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          ...accountKeyStatements(),
          new iam.PolicyStatement({ sid: 'LogDelivery', principals: [delivery], actions: ['kms:GenerateDataKey*'], resources: ['*'], conditions: source }),
        ],
      }),
    });
    const bucket = new s3.Bucket(this, 'Bucket', {
      ...logBucketProps(key),
      bucketName: Fn.join('', [prefix, Aws.REGION]),
      lifecycleRules: [{ id: 'cold-storage', transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }],
    });
    acknowledgeGuard(bucket, 's3_bucket_logging_enabled_check', 'Reads and deletions are recorded by the organization trail\'s data-event selectors for vend-<org>-lb-logs- buckets (lib/aws/security/trail-selectors.ts).');
    acknowledgeGuard(bucket, 's3_event_notifications_enabled_check', 'Nothing consumes access-log events; they are read on demand.');
    acknowledgeGuard(bucket, 's3_bucket_object_lock_enabled_check', 'Writes to an Object Lock bucket need an integrity header, and ELB\'s documentation does not say its log delivery sends one; a failed delivery would drop the logs silently. Versioning keeps overwritten objects.');
    acknowledge(bucket, {
      id: 'AwsSolutions-S1',
      reason: 'Object-level access is recorded by the organization CloudTrail\'s S3 data-event selector for vend\'s log bucket names, in the central log archive.',
    });
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSLogDeliveryAclCheck',
        principals: [delivery],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: source,
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSLogDeliveryWrite',
        principals: [delivery],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${ACCESS_LOG_PREFIX}/AWSLogs/*`)],
        conditions: { ...source, StringEquals: { ...source.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    this.tags.setTag(MANAGED_TAG, 'true');
  }
}
