import { Fn } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { acknowledgeGuard } from '../nag/acknowledgements';

/** The TLS policy of every listener vend defines: TLS 1.3 and 1.2 only. */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Where load-balancer access logs go inside the regional access-log bucket. */
export const ACCESS_LOG_PREFIX = 'load-balancers';

export interface PopServiceProps {
  readonly vpcId: string;
  /** The private subnets, pinned by zone id (UnitNetwork). */
  readonly subnetIds: readonly string[];
  /** `<pop>.<domain>`: the name Spaces use, and the certificate's subject. */
  readonly hostName: string;
  /** The region's AWS Private CA (organization.yaml `aws.pops.certificateAuthorities`). */
  readonly certificateAuthorityArn: string;
  /** The Central account's access-log bucket in this region (same region as the load balancer). */
  readonly accessLogBucketName: string;
}

/**
 * What a PoP publishes to its Spaces: an internal Network Load Balancer with a TLS 1.2+ listener
 * whose certificate, for `<pop>.<domain>`, ACM issues from the region's Private CA, behind a VPC
 * endpoint service. Who may connect is managed apart (the PoP access StackSet).
 */
export class PopService extends Construct {
  readonly endpointService: ec2.CfnVPCEndpointService;

  constructor(scope: Construct, id: string, props: PopServiceProps) {
    super(scope, id);
    // A private certificate is issued at once, without DNS validation (ACM, "Request a private certificate").
    const certificate = new acm.CfnCertificate(this, 'Certificate', {
      domainName: props.hostName,
      certificateAuthorityArn: props.certificateAuthorityArn,
      keyAlgorithm: 'EC_prime256v1',
    });
    acknowledgeGuard(certificate, 'acm_certificate_domain_name_check', 'The one domain name is Fn::Join of the PoP\'s name and the organization\'s PoP domain, never a wildcard (test/aws/baseline.test.ts checks it); the rule cannot evaluate an intrinsic.');
    const nlb = new elbv2.CfnLoadBalancer(this, 'LoadBalancer', {
      type: 'network',
      scheme: 'internal',
      subnets: [...props.subnetIds],
      loadBalancerAttributes: [
        // No deletion protection: a decommissioned PoP's baseline must be deletable by the StackSet
        // (DECISIONS.md §3); the protect-security-baseline guardrail protects it by its vend:managed tag.
        { key: 'deletion_protection.enabled', value: 'false' },
        { key: 'load_balancing.cross_zone.enabled', value: 'true' },
        // "The bucket must be located in the same Region as the load balancer" (ELB, enable access
        // logs for your Network Load Balancer); logs exist only for TLS listeners, which this one is.
        { key: 'access_logs.s3.enabled', value: 'true' },
        { key: 'access_logs.s3.bucket', value: props.accessLogBucketName },
        { key: 'access_logs.s3.prefix', value: ACCESS_LOG_PREFIX },
      ],
    });
    acknowledgeGuard(nlb, 'elbv2_deletion_protection_enabled_check', 'A decommissioned PoP\'s baseline must be deletable by its StackSet (DECISIONS.md §3); the protect-security-baseline guardrail protects the load balancer by its vend:managed tag instead.');
    acknowledgeGuard(nlb, 'elbv2_logging_enabled_check', 'Access logging is on, into the Central account\'s bucket of this region, named by Fn::Join of a parameter and AWS::Region (test/aws/baseline.test.ts); the rule accepts only a literal or a bucket of the same template.');
    const targets = new elbv2.CfnTargetGroup(this, 'Targets', { vpcId: props.vpcId, protocol: 'TCP', port: 443, targetType: 'ip' });
    new elbv2.CfnListener(this, 'TlsListener', {
      loadBalancerArn: nlb.ref,
      protocol: 'TLS',
      port: 443,
      sslPolicy: TLS_POLICY,
      certificates: [{ certificateArn: certificate.ref }],
      defaultActions: [{ type: 'forward', targetGroupArn: targets.ref }],
    });
    this.endpointService = new ec2.CfnVPCEndpointService(this, 'EndpointService', {
      networkLoadBalancerArns: [nlb.ref],
      acceptanceRequired: false,
    });
  }
}

/** `<pop>.<domain>`, the one spelling of a PoP's host name (certificate subject and Space DNS record). */
export function popHostName(popName: string, domain: string): string {
  return Fn.join('.', [popName, domain]);
}
