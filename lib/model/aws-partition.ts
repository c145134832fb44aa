/**
 * The AWS partition of an organization, derived from its regions, so no policy hard-codes `arn:aws`
 * (docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html: partitions `aws`, `aws-cn`,
 * `aws-us-gov`). An organization lives in exactly one partition.
 */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export function partitionOfRegion(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The partition of the organization's regions (`aws` when it lists none). */
export function awsPartition(org: { aws?: { regions: readonly string[] } }): AwsPartition {
  const first = org.aws?.regions[0];
  return first ? partitionOfRegion(first) : 'aws';
}
