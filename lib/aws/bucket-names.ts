/**
 * The names of vend's buckets, in one place: the organization trail's data-event selectors and
 * the guardrails (which protect `vend-` buckets) key on them. S3 bucket names are global, so each
 * carries an account id; all stay within S3's 63 characters.
 */

/** The organization's log archive, in the Central account: `vend-<org>-log-archive-<central>`. */
export function logArchiveBucketName(organization: string, centralAccountId: string): string {
  return `${logArchivePrefix(organization)}${centralAccountId}`;
}

export function logArchivePrefix(organization: string): string {
  return `vend-${organization}-log-archive-`;
}

/**
 * The load-balancer access-log buckets, one per region with PoPs, in the Central account: the
 * region completes the name (`vend-acme-lb-logs-<central>-eu-west-1`, at most 61 characters).
 */
export function accessLogBucketPrefix(organization: string, centralAccountId: string): string {
  return `${accessLogPrefix(organization)}${centralAccountId}-`;
}

export function accessLogPrefix(organization: string): string {
  return `vend-${organization}-lb-logs-`;
}

/** A Space's data bucket: `vend-data-<account>-<region>`. */
export const DATA_BUCKET_PREFIX = 'vend-data-';
