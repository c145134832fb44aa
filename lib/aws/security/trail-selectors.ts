import type * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { accessLogPrefix, DATA_BUCKET_PREFIX, logArchivePrefix } from '../bucket-names';

/**
 * What the organization trail records (advanced event selectors; a trail with advanced selectors
 * logs management events only through a selector of its own, CloudTrail user guide "Logging data
 * events with advanced event selectors"):
 *
 * - every management event;
 * - reads of vend's log buckets (the archive and the access-log buckets) and the calls that could
 *   remove or unlock their objects. Not every write: the trail delivers into the archive, and
 *   recording its own PutObject deliveries would make every delivery produce another event;
 * - every object-level call on the tenants' data buckets (`vend-data-…`), which the cdk-nag
 *   acknowledgements of those buckets rely on.
 */
export function organizationTrailSelectors(partition: string, organization: string): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
  const logs = [`arn:${partition}:s3:::${logArchivePrefix(organization)}`, `arn:${partition}:s3:::${accessLogPrefix(organization)}`];
  const objects = { field: 'resources.type', equalTo: ['AWS::S3::Object'] };
  const data = { field: 'eventCategory', equalTo: ['Data'] };
  return [
    { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    {
      name: 'Log archive reads',
      fieldSelectors: [data, objects, { field: 'readOnly', equalTo: ['true'] }, { field: 'resources.ARN', startsWith: logs }],
    },
    {
      name: 'Log archive deletions and retention changes',
      fieldSelectors: [
        data,
        objects,
        { field: 'eventName', equalTo: ['DeleteObject', 'DeleteObjects', 'PutObjectRetention', 'PutObjectLegalHold', 'PutObjectAcl'] },
        { field: 'resources.ARN', startsWith: logs },
      ],
    },
    {
      name: 'Tenant data buckets',
      fieldSelectors: [data, objects, { field: 'resources.ARN', startsWith: [`arn:${partition}:s3:::${DATA_BUCKET_PREFIX}`] }],
    },
  ];
}
