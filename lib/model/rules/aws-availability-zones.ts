import type { Diagnostic } from '../diagnostic';
import type { Rule } from './rule';

/** The AZ-id prefix shared by one region's zones: `use1` of `use1-az4`. */
const prefixOf = (zoneId: string) => zoneId.slice(0, zoneId.indexOf('-az'));

/**
 * Every AWS VPC vend creates pins its subnets by Availability Zone id, because zone *names* map to
 * different physical zones in different accounts, so a Space's PrivateLink endpoint chosen by name
 * can land in a zone its PoP's load balancer does not serve (AWS RAM user guide, "Availability Zone
 * IDs for your AWS resources"; EC2 DescribeVpcEndpointServices lists only the common zones). So every
 * active AWS unit's region needs its zone ids in organization.yaml, each region's ids distinct and of
 * one region (one prefix), and only for allowed regions.
 */
export const awsAvailabilityZones: Rule = (catalog) => {
  const org = catalog.organization;
  const zones = org.spec.aws?.availabilityZoneIds ?? {};
  const problems: Diagnostic[] = [];
  for (const [region, ids] of Object.entries(zones)) {
    const at = (code: string, message: string) => problems.push(org.source.at(['aws', 'availabilityZoneIds', region], code, message));
    if (!org.spec.aws?.regions.includes(region)) at('zone-region', `'${region}' is not one of aws.regions (${org.spec.aws?.regions.join(', ')})`);
    if (new Set(ids).size !== ids.length) at('zone-duplicate', `zone ids must be distinct (${ids.join(', ')})`);
    if (new Set(ids.map(prefixOf)).size > 1) at('zone-mixed', `zone ids of one region share one prefix (${ids.join(', ')})`);
  }
  for (const unit of catalog.units) {
    const { cloud, region, lifecycle } = unit.spec;
    if (cloud !== 'aws' || lifecycle === 'decommissioned' || zones[region]) continue;
    if (!org.spec.aws?.regions.includes(region)) continue; // region-allowed reports it
    problems.push(
      unit.source.at(['region'], 'zones-unknown', `organization.yaml aws.availabilityZoneIds has no zone ids for ${region}; every AWS VPC pins its subnets by zone id`),
    );
  }
  return problems;
};
