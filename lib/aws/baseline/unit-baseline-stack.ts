import { Aws, CfnMapping, Duration, Fn, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { TemplateSpec, UnitKind } from '../../model';
import { AccountSettings } from './account-settings';
import { availabilityZoneIds } from './availability-zones';
import { ConfigRecorder } from './config-recorder';
import { BaselineParameters } from './parameters';
import { PipelineReadRole, POP_SERVICE_READER_ROLE, SECURITY_ADMIN_ROLE } from './pipeline-read-role';
import { SecurityDataLake } from './security-data-lake';
import { UnitAccess } from './unit-access';
import { UnitKey } from './unit-key';
import { UnitNetwork } from './unit-network';
import { PopConnection } from './pop-connection';
import { popHostName, PopService } from './pop-service';
import { acknowledge, acknowledgeGuard } from '../nag/acknowledgements';
import { MANAGED_TAG } from '../managed-tag';
import { DATA_BUCKET_PREFIX } from '../bucket-names';

export { MANAGED_TAG } from '../managed-tag';

export interface UnitBaselineStackProps extends StackProps {
  readonly kind: UnitKind;
  /** The baseline block of the kind's template. */
  readonly baseline: TemplateSpec['baseline'];
  /** organization.yaml `aws.availabilityZoneIds`: the zone ids of every region, in order. */
  readonly availabilityZoneIds: Readonly<Record<string, readonly string[]>>;
  /** The organization's name (bucket names). */
  readonly organization: string;
  /**
   * How Spaces reach PoPs by name.
   * @default - no PoP naming: a PoP template fails, a Space gets no PoP connection
   */
  readonly pops?: PopNaming;
}

/** How Spaces reach AWS PoPs by name (organization.yaml `aws.pops`). */
export interface PopNaming {
  readonly domain: string;
  /** Region → AWS Private CA ARN. */
  readonly certificateAuthorities: Readonly<Record<string, string>>;
}

export { DATA_BUCKET_PREFIX } from '../bucket-names';

/**
 * The baseline every account of one kind gets, as one parameterized template that a StackSet stamps
 * into each account: its KMS key, its cross-account role, its network and flow logs, and for the
 * Central account the security data lake. Per-account values are StackSet parameter overrides.
 */
export class UnitBaselineStack extends Stack {
  readonly parameters: BaselineParameters;
  private readonly props: UnitBaselineStackProps;

  constructor(scope: Construct, id: string, props: UnitBaselineStackProps) {
    super(scope, id, props);
    this.props = props;
    const p = (this.parameters = new BaselineParameters(this));
    const unitKey = new UnitKey(this, 'UnitKey');
    new UnitAccess(this, 'Access');
    const dataLake = props.baseline.securityDataLake ? this.securityDataLake() : undefined;
    const unitNetwork = this.network();
    const recorder = this.accountSettings();
    // The Central account's own flow logs and Config deliveries go to the bucket it creates.
    if (dataLake?.bucket.policy) {
      unitNetwork.node.findChild('FlowLogs').node.addDependency(dataLake.bucket.policy);
      recorder?.node.addDependency(dataLake.bucket.policy);
    }
    if (props.kind === 'Space') this.dataBucket(unitKey);

    Tags.of(this).add(MANAGED_TAG, 'true');
    Tags.of(this).add('vend:unit', p.unitName);
    Tags.of(this).add('vend:environment', p.environment);
  }

  private securityDataLake(): SecurityDataLake {
    const p = this.parameters;
    const dataLake = new SecurityDataLake(this, 'SecurityDataLake', {
      bucketName: p.logArchiveBucketName,
      organizationId: p.organizationId,
      managementAccountId: p.managementAccountId,
      guardDutyFeatures: this.props.baseline.securityServices?.guardDutyFeatures,
    });
    new PipelineReadRole(this, 'SecurityAdminRole', {
      roleName: SECURITY_ADMIN_ROLE,
      managementAccountId: p.managementAccountId,
      description: 'vend: lets the pipeline turn on GuardDuty auto-enable and find the data lake key',
      statements: [
        new iam.PolicyStatement({
          actions: ['guardduty:ListDetectors', 'guardduty:UpdateOrganizationConfiguration', 'kms:DescribeKey'],
          resources: ['*'],
        }),
      ],
    });
    return dataLake;
  }

  /** The account-level settings the kind's template turns on (`baseline.awsAccount`). */
  private accountSettings(): ConfigRecorder | undefined {
    const settings = this.props.baseline.awsAccount;
    if (!settings) return undefined;
    if (settings.ebsDefaultEncryption || settings.s3BlockPublicAccess) {
      new AccountSettings(this, 'AccountSettings', {
        ebsDefaultEncryption: settings.ebsDefaultEncryption,
        s3BlockPublicAccess: settings.s3BlockPublicAccess,
      });
    }
    return settings.config ? new ConfigRecorder(this, 'Config', { logArchiveBucketName: this.parameters.logArchiveBucketName }) : undefined;
  }

  /** The VPC, and for a PoP its TLS service, for a Space its named way to its PoP. */
  private network(): UnitNetwork {
    const p = this.parameters;
    const network = this.props.baseline.network;
    const pops = this.props.pops;
    const unitNetwork = new UnitNetwork(this, 'Network', {
      cidr: p.vpcCidr,
      kind: this.props.kind,
      availabilityZoneIds: availabilityZoneIds(this, this.props.availabilityZoneIds),
      logArchiveBucketName: p.logArchiveBucketName,
      internetAccess: network.internetAccess,
      interfaceEndpoints: network.awsInterfaceEndpoints,
      organizationId: p.organizationId,
      endpointSecurityGroup: network.reachesPop && pops !== undefined,
    });
    const subnetIds = unitNetwork.privateSubnets.map((s) => s.ref);
    if (network.exposesEndpointService) {
      if (!pops) throw new Error('organization.yaml has no aws.pops: a PoP\'s TLS listener needs a domain and a Private CA per region');
      const authorities = new CfnMapping(this, 'PopCertificateAuthorities', {
        mapping: Object.fromEntries(Object.entries(pops.certificateAuthorities).sort().map(([r, arn]) => [r, { Arn: arn }])),
      });
      new PopService(this, 'PopService', {
        vpcId: unitNetwork.vpc.ref,
        subnetIds,
        hostName: popHostName(p.unitName, pops.domain),
        certificateAuthorityArn: authorities.findInMap(Aws.REGION, 'Arn'),
        accessLogBucketName: `${p.accessLogBucketPrefix}${Aws.REGION}`,
      });
      new PipelineReadRole(this, 'EndpointServiceReaderRole', {
        roleName: POP_SERVICE_READER_ROLE,
        managementAccountId: p.managementAccountId,
        description: 'vend: lets the pipeline read the name of this PoP\'s endpoint service',
        statements: [new iam.PolicyStatement({ actions: ['ec2:DescribeVpcEndpointServiceConfigurations'], resources: ['*'] })],
      });
    }
    if (network.reachesPop && pops) {
      new PopConnection(this, 'PopConnection', {
        vpcId: unitNetwork.vpc.ref,
        subnetIds,
        securityGroupId: unitNetwork.endpointSecurityGroup!.attrGroupId,
        serviceName: p.popServiceName,
        hostName: p.popHostName,
        zoneName: pops.domain,
        condition: p.reachesPop,
      });
    }
    return unitNetwork;
  }

  /** A Space's data bucket. BYOK: a single-tenant Space's data is encrypted with the customer's key, which the customer can revoke. */
  private dataBucket(unitKey: UnitKey): void {
    const p = this.parameters;
    const dataKey = kms.Key.fromKeyArn(this, 'DataKey', Fn.conditionIf(p.hasCustomerKey.logicalId, p.dataKeyArn, unitKey.key.keyArn).toString());
    const dataBucket = new s3.Bucket(this, 'DataBucket', {
      // The vend- prefix is what the protect-security-baseline SCP protects (vend's buckets, not the
      // tenant's); the organization trail's data-event selector names every tenant data bucket by it.
      bucketName: `${DATA_BUCKET_PREFIX}${Aws.ACCOUNT_ID}-${Aws.REGION}`,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Housekeeping that never removes a tenant's objects or versions; retention is the tenant's call.
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    acknowledgeGuard(dataBucket, 's3_bucket_logging_enabled_check', 'Object-level access is recorded by the organization trail\'s data-event selector for vend-data- buckets (lib/aws/security/trail-selectors.ts), in the log archive.');
    acknowledgeGuard(dataBucket, 's3_event_notifications_enabled_check', 'The tenant decides what consumes events of its own data; vend\'s baseline has no consumer to notify.');
    acknowledgeGuard(dataBucket, 's3_bucket_object_lock_enabled_check', 'Tenant data must stay deletable on the tenant\'s request; Object Lock would prevent that.');
    acknowledge(dataBucket, {
      id: 'AwsSolutions-S1',
      reason: 'Object-level access is recorded by the organization CloudTrail\'s S3 data-event selector for this bucket name prefix, in the central log archive outside the tenant\'s reach.',
    });
  }
}
