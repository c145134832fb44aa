/**
 * Who may deliver logs into the organization's log archive, and on which condition, each as the
 * service's own documentation shows it:
 *
 * - CloudTrail organization trail: CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail",
 *   organization-trail example: `s3:GetBucketAcl` and `s3:PutObject` under
 *   `<prefix>/AWSLogs/<management account>/` and `<prefix>/AWSLogs/<organization id>/`, each with
 *   `aws:SourceArn` equal to the trail's ARN (a trail in the management account).
 * - VPC flow logs (delivery.logs.amazonaws.com): VPC user guide, "Amazon S3 bucket permissions for
 *   flow logs", and CloudWatch Logs, "Logs sent to Amazon S3": `s3:GetBucketAcl`/`s3:ListBucket` and
 *   `s3:PutObject` with `bucket-owner-full-control`, conditioned on the source. The documented form
 *   lists every source account in `aws:SourceAccount` and `aws:SourceArn`; for thousands of accounts
 *   that does not fit S3's 20 KB bucket-policy limit, so vend conditions on `aws:SourceOrgID`, which
 *   AWS documents as present whenever a service principal acts for a source account (AWS
 *   Organizations user guide, RCP example "Enforce confused deputy protection", which denies on
 *   `aws:SourceOrgID` exactly when `aws:SourceAccount` is present), and keeps the ARN's shape
 *   (`arn:<partition>:logs:*`) as well.
 * - AWS Config: the AWS Control Tower user guide, "Amazon S3 bucket policy in the audit account",
 *   grants config.amazonaws.com (and CloudTrail) bucket access on `aws:SourceOrgID`.
 * - Load-balancer access logs do not come here: ELB writes only to a bucket of the load balancer's
 *   region (lib/aws/logging/access-log-bucket-template.ts).
 *
 * With SSE-KMS on the bucket, a service that writes objects also needs the bucket key; CloudTrail
 * encrypts with its own trail key, so only log delivery and Config are granted this one.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CONFIG_PREFIX } from './config-recorder';

/** The organization trail's name, in the management account (lib/aws/security). */
export const ORGANIZATION_TRAIL_NAME = 'vend-organization';
export const CLOUDTRAIL_PREFIX = 'cloudtrail';
export const FLOW_LOG_PREFIX = 'flow-logs';

export interface LogDeliveryProps {
  readonly bucketArn: string;
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** Region of the organization trail (the management stacks' region, which is the Central unit's). */
  readonly trailRegion: string;
}

const OWNER_FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

export function organizationTrailArn(props: Pick<LogDeliveryProps, 'managementAccountId' | 'trailRegion'>): string {
  return `arn:${Aws.PARTITION}:cloudtrail:${props.trailRegion}:${props.managementAccountId}:trail/${ORGANIZATION_TRAIL_NAME}`;
}

/** Bucket-policy statements for CloudTrail, VPC flow logs and AWS Config. */
export function logDeliveryBucketStatements(props: LogDeliveryProps): iam.PolicyStatement[] {
  const trail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const config = new iam.ServicePrincipal('config.amazonaws.com');
  const fromTrail = { 'aws:SourceArn': organizationTrailArn(props) };
  const fromOrg = { 'aws:SourceOrgID': props.organizationId };
  const logsArn = { ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:*` } };
  const objects = (prefix: string, ...owners: string[]) => owners.map((o) => `${props.bucketArn}/${prefix}/AWSLogs/${o}`);
  return [
    new iam.PolicyStatement({ sid: 'CloudTrailAclCheck', principals: [trail], actions: ['s3:GetBucketAcl'], resources: [props.bucketArn], conditions: { StringEquals: fromTrail } }),
    new iam.PolicyStatement({
      sid: 'CloudTrailWrite',
      principals: [trail],
      actions: ['s3:PutObject'],
      resources: objects(CLOUDTRAIL_PREFIX, `${props.managementAccountId}/*`, `${props.organizationId}/*`),
      conditions: { StringEquals: { ...OWNER_FULL_CONTROL, ...fromTrail } },
    }),
    new iam.PolicyStatement({
      sid: 'FlowLogsAclCheck',
      principals: [delivery],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [props.bucketArn],
      conditions: { StringEquals: fromOrg, ...logsArn },
    }),
    new iam.PolicyStatement({
      sid: 'FlowLogsWrite',
      principals: [delivery],
      actions: ['s3:PutObject'],
      resources: objects(FLOW_LOG_PREFIX, '*'),
      conditions: { StringEquals: { ...OWNER_FULL_CONTROL, ...fromOrg }, ...logsArn },
    }),
    new iam.PolicyStatement({ sid: 'ConfigAclCheck', principals: [config], actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [props.bucketArn], conditions: { StringEquals: fromOrg } }),
    new iam.PolicyStatement({
      sid: 'ConfigWrite',
      principals: [config],
      actions: ['s3:PutObject'],
      resources: objects(CONFIG_PREFIX, '*'),
      conditions: { StringEquals: { ...OWNER_FULL_CONTROL, ...fromOrg } },
    }),
  ];
}

/** Key-policy statement: log delivery and Config may encrypt what they write, for the organization only. */
export function logDeliveryKeyStatement(organizationId: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'OrganizationLogDelivery',
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com'), new iam.ServicePrincipal('config.amazonaws.com')],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceOrgID': organizationId } },
  });
}
