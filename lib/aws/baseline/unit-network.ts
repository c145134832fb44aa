import { Aws, CfnCondition, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';

/** The TLS policy of every listener vend defines: TLS 1.3 and 1.2 only. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export interface UnitNetworkProps {
  /** The VPC's IPv4 CIDR (a template parameter); split into four equal subnets. */
  readonly cidr: string;
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
  /**
   * A PoP's VPC endpoint service to reach over PrivateLink, created only when `reachesPopCondition` holds.
   * @default - the VPC reaches no PoP
   */
  readonly popServiceName?: string;
  readonly reachesPopCondition?: CfnCondition;
  /**
   * Publish a VPC endpoint service behind an internal Network Load Balancer (PoPs). Who may connect
   * is managed separately (the PoP access StackSet), so adding a Space never touches the PoP's baseline.
   * @default false
   */
  readonly exposeEndpointService?: boolean;
  /** Certificate for the endpoint service's TLS listener, used when `certificateCondition` holds. */
  readonly certificateArn?: string;
  readonly certificateCondition?: CfnCondition;
}

/**
 * The unit's VPC, in L1 resources because the CIDR is a StackSet parameter: two private subnets with
 * a route table that has no route out, optional public subnets (PoPs), interface endpoints, a PrivateLink
 * endpoint to the PoP (Spaces) or an endpoint service (PoPs), and flow logs to the log archive.
 */
export class UnitNetwork extends Construct {
  readonly vpc: ec2.CfnVPC;
  readonly privateSubnets: ec2.CfnSubnet[] = [];
  readonly endpointService?: ec2.CfnVPCEndpointService;

  constructor(scope: Construct, id: string, props: UnitNetworkProps) {
    super(scope, id);
    const subnetCidrs = Fn.cidr(props.cidr, 4, '8');
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
    if (endpoints.length > 0 || props.popServiceName) {
      const endpointSg = new ec2.CfnSecurityGroup(this, 'EndpointSecurityGroup', {
        vpcId: this.vpc.ref,
        groupDescription: 'vend: HTTPS from inside the VPC to its interface endpoints',
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: props.cidr, description: 'HTTPS from the VPC' }],
        securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: props.cidr, description: 'HTTPS within the VPC' }],
      });
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
        });
      }
      if (props.popServiceName) {
        const popEndpoint = new ec2.CfnVPCEndpoint(this, 'PopEndpoint', {
          vpcId: this.vpc.ref,
          vpcEndpointType: 'Interface',
          serviceName: props.popServiceName,
          privateDnsEnabled: false,
          subnetIds,
          securityGroupIds: [endpointSg.attrGroupId],
        });
        if (props.reachesPopCondition) popEndpoint.cfnOptions.condition = props.reachesPopCondition;
      }
    }

    if (props.exposeEndpointService) {
      const nlb = new elbv2.CfnLoadBalancer(this, 'PopLoadBalancer', {
        type: 'network',
        scheme: 'internal',
        subnets: subnetIds,
        loadBalancerAttributes: [
          // No deletion protection: a decommissioned PoP's baseline must be deletable by the StackSet
          // (DECISIONS.md §3); the protect-security-baseline guardrail protects it by its vend:managed tag.
          { key: 'deletion_protection.enabled', value: 'false' },
          { key: 'load_balancing.cross_zone.enabled', value: 'true' },
          { key: 'access_logs.s3.enabled', value: 'true' },
          { key: 'access_logs.s3.bucket', value: props.logArchiveBucketName },
          { key: 'access_logs.s3.prefix', value: 'load-balancers' },
        ],
      });
      const targets = new elbv2.CfnTargetGroup(this, 'PopTargets', {
        vpcId: this.vpc.ref,
        protocol: 'TCP',
        port: 443,
        targetType: 'ip',
      });
      const listener = new elbv2.CfnListener(this, 'PopTlsListener', {
        loadBalancerArn: nlb.ref,
        protocol: 'TLS',
        port: 443,
        sslPolicy: TLS_POLICY,
        certificates: [{ certificateArn: props.certificateArn ?? '' }],
        defaultActions: [{ type: 'forward', targetGroupArn: targets.ref }],
      });
      if (props.certificateCondition) listener.cfnOptions.condition = props.certificateCondition;
      this.endpointService = new ec2.CfnVPCEndpointService(this, 'EndpointService', {
        networkLoadBalancerArns: [nlb.ref],
        acceptanceRequired: false,
      });
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
