import { Aws, CfnMapping, type Stack } from 'aws-cdk-lib';

/** The template mapping every baseline template carries: region → its two subnet zone ids. */
export const ZONE_MAPPING = 'AvailabilityZoneIds';

/**
 * Adds the organization's zone ids (organization.yaml `aws.availabilityZoneIds`) to a template and
 * returns the two zone ids of the region the stack instance is deployed in. The same mapping goes
 * into every kind's template, so a PoP and the Spaces of its region pick the same physical zones.
 */
export function availabilityZoneIds(stack: Stack, zones: Readonly<Record<string, readonly string[]>>): [string, string] {
  const regions = Object.keys(zones).sort();
  if (regions.length === 0) throw new Error('organization.yaml aws.availabilityZoneIds is empty: every AWS VPC pins its subnets by zone id');
  const mapping = new CfnMapping(stack, ZONE_MAPPING, {
    mapping: Object.fromEntries(regions.map((r) => [r, { Zone1: zones[r][0], Zone2: zones[r][1] }])),
  });
  return [mapping.findInMap(Aws.REGION, 'Zone1'), mapping.findInMap(Aws.REGION, 'Zone2')];
}
