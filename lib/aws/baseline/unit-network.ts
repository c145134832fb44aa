import { Aws, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { AWS_SUBNET_HOST_BITS, networkLayout, type UnitKind } from '../../model';
import { acknowledge } from '../nag/acknowledgements';
import { endpointPolicy } from './endpoint-policies';

export { TLS_POLICY } from './pop-service';

export interface UnitNetworkProps {
  /** The VPC's IPv4 CIDR (a template parameter); split as the model's network layout of the kind says. */
  readonly cidr: string;
  /** The unit kind, whose network layout (lib/model/network-layout.ts) `vend validate` checked the CIDR against. */
  readonly kind: UnitKind;
  /**
   * The Availability Zone *ids* of the two subnet pairs (`use1-az1`), never zone names: names map to
   * different zones in different accounts, ids are the same physical zone in every account (AWS RAM
   * user guide, "Availability Zone IDs for your AWS resources"). PoPs and Spaces use the same ids, so
   * a Space's PrivateLink endpoint is in a zone its PoP's load balancer serves.
   */
  readonly availabilityZoneIds: readonly [string, string];
  /** Log archive bucket that receives the VPC flow logs. */
  readonly logArchiveBucketName: string;
  /**
   * Give the VPC an internet gateway and public subnets (PoPs only).
   * @default false - no internet gateway, NAT or public subnet; no route leaves the VPC
   */
  readonly internetAccess?: boolean;
  /**
   * AWS services reached through interface endpoints (`ssm`, `logs`, …).
   * @default - none
   */
  readonly interfaceEndpoints?: readonly string[];
  /** The organization id: interface endpoints admit only its principals and resources (endpoint-policies.ts). */
  readonly organizationId: string;
  /**
   * Create the security group for interface endpoints even without AWS service endpoints (a Space
   * that reaches its PoP needs it for the PoP endpoint).
   * @default - only when `interfaceEndpoints` is not empty
   */
  readonly endpointSecurityGroup?: boolean;
}

/**
 * The unit's VPC, in L1 resources because the CIDR is a StackSet parameter: two private subnets
 * pinned by zone id with a route table that has no route out, optional public subnets (PoPs),
 * interface endpoints, and flow logs to the log archive. The PoP's service (PopService) and a
 * Space's way to it (PopConnection) attach to its private subnets.
 */
export class UnitNetwork extends Construct {
  readonly vpc: ec2.CfnVPC;
  readonly privateSubnets: ec2.CfnSubnet[] = [];
  /** HTTPS within the VPC, for interface endpoints. */
  readonly endpointSecurityGroup?: ec2.CfnSecurityGroup;

  constructor(scope: Construct, id: string, props: UnitNetworkProps) {
    super(scope, id);
    const layout = networkLayout('aws', props.kind);
    if (layout.subnets < 4) throw new Error(`the ${props.kind} network layout has ${layout.subnets} subnets; the VPC needs two private and two reserved or public`);
    const subnetCidrs = Fn.cidr(props.cidr, layout.subnets, String(AWS_SUBNET_HOST_BITS));
    this.vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true });

    const privateRoutes = new ec2.CfnRouteTable(this, 'PrivateRoutes', { vpcId: this.vpc.ref });
    for (const i of [0, 1]) {
      const subnet = new ec2.CfnSubnet(this, `Private${i + 1}`, {
        vpcId: this.vpc.ref,
        cidrBlock: Fn.select(i, subnetCidrs),
        availabilityZoneId: props.availabilityZoneIds[i],
        mapPublicIpOnLaunch: false,
      });
      new ec2.CfnSubnetRouteTableAssociation(this, `Private${i + 1}Routes`, {
        subnetId: subnet.ref,
        routeTableId: privateRoutes.ref,
      });
      this.privateSubnets.push(subnet);
    }

    if (props.internetAccess) {
      const igw = new ec2.CfnInternetGateway(this, 'InternetGateway');
      const attachment = new ec2.CfnVPCGatewayAttachment(this, 'InternetGatewayAttachment', {
        vpcId: this.vpc.ref,
        internetGatewayId: igw.ref,
      });
      const publicRoutes = new ec2.CfnRouteTable(this, 'PublicRoutes', { vpcId: this.vpc.ref });
      new ec2.CfnRoute(this, 'PublicDefaultRoute', {
        routeTableId: publicRoutes.ref,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igw.ref,
      }).addResourceDependency(attachment);
      for (const i of [0, 1]) {
        const subnet = new ec2.CfnSubnet(this, `Public${i + 1}`, {
          vpcId: this.vpc.ref,
          cidrBlock: Fn.select(i + 2, subnetCidrs),
          availabilityZoneId: props.availabilityZoneIds[i],
          mapPublicIpOnLaunch: false,
        });
        new ec2.CfnSubnetRouteTableAssociation(this, `Public${i + 1}Routes`, {
          subnetId: subnet.ref,
          routeTableId: publicRoutes.ref,
        });
      }
    }

    const subnetIds = this.privateSubnets.map((s) => s.ref);
    const endpoints = props.interfaceEndpoints ?? [];
    if (endpoints.length > 0 || props.endpointSecurityGroup) {
      const endpointSg = (this.endpointSecurityGroup = new ec2.CfnSecurityGroup(this, 'EndpointSecurityGroup', {
        vpcId: this.vpc.ref,
        groupDescription: 'vend: HTTPS from inside the VPC to its interface endpoints',
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: props.cidr, description: 'HTTPS from the VPC' }],
        securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: props.cidr, description: 'HTTPS within the VPC' }],
      }));
      acknowledge(endpointSg, {
        id: 'AwsSolutions-EC23',
        reason: 'Ingress is limited to the VPC\'s own CIDR, a StackSet parameter the rule cannot evaluate (it never is 0.0.0.0/0: the catalog validates it).',
      });
      for (const service of endpoints) {
        new ec2.CfnVPCEndpoint(this, `Endpoint-${service}`, {
          vpcId: this.vpc.ref,
          vpcEndpointType: 'Interface',
          serviceName: `com.amazonaws.${Aws.REGION}.${service}`,
          privateDnsEnabled: true,
          subnetIds,
          securityGroupIds: [endpointSg.attrGroupId],
          policyDocument: endpointPolicy(service, props.organizationId),
        });
      }
    }

    new ec2.CfnFlowLog(this, 'FlowLogs', {
      resourceId: this.vpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 's3',
      logDestination: `arn:${Aws.PARTITION}:s3:::${props.logArchiveBucketName}/flow-logs/`,
      maxAggregationInterval: 600,
      destinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true },
    });
  }
}
