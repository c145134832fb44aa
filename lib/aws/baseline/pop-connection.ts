import { Aws, Fn, type CfnCondition } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

export interface PopConnectionProps {
  readonly vpcId: string;
  /** The private subnets, pinned by the same zone ids as the PoP's load balancer. */
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  /** The PoP's VPC endpoint service name. */
  readonly serviceName: string;
  /** `<pop>.<domain>`: the name the PoP's certificate is issued for. */
  readonly hostName: string;
  /** The private domain (organization.yaml `aws.pops.domain`). */
  readonly zoneName: string;
  /** Created only when this holds (the Space reaches a PoP). */
  readonly condition: CfnCondition;
}

/**
 * A Space's way to its PoP: an interface endpoint to the PoP's endpoint service in the pinned
 * subnets, and a private hosted zone for the PoP domain, attached to the Space's VPC only, whose
 * `<pop>.<domain>` alias points at the endpoint; so clients connect by the name on the PoP's
 * certificate and TLS verifies. (The endpoint service's own private DNS name would need a public
 * domain verification, which a private domain cannot pass.)
 */
export class PopConnection extends Construct {
  constructor(scope: Construct, id: string, props: PopConnectionProps) {
    super(scope, id);
    const endpoint = new ec2.CfnVPCEndpoint(this, 'Endpoint', {
      vpcId: props.vpcId,
      vpcEndpointType: 'Interface',
      serviceName: props.serviceName,
      privateDnsEnabled: false,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [props.securityGroupId],
    });
    const zone = new route53.CfnHostedZone(this, 'Zone', {
      name: props.zoneName,
      hostedZoneConfig: { comment: 'vend: the PoP domain, visible only in this VPC' },
      vpcs: [{ vpcId: props.vpcId, vpcRegion: Aws.REGION }],
    });
    // DnsEntries are "<hosted zone id>:<dns name>"; the first is the endpoint's regional name.
    const regional = Fn.split(':', Fn.select(0, endpoint.attrDnsEntries));
    const record = new route53.CfnRecordSet(this, 'PopRecord', {
      hostedZoneId: zone.attrId,
      name: props.hostName,
      type: 'A',
      aliasTarget: { dnsName: Fn.select(1, regional), hostedZoneId: Fn.select(0, regional), evaluateTargetHealth: false },
    });
    for (const resource of [endpoint, zone, record]) resource.cfnOptions.condition = props.condition;
  }
}
