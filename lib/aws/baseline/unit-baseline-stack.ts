import { Fn, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { TemplateSpec, UnitKind } from '../../model';
import { availabilityZoneIds } from './availability-zones';
import { BaselineParameters } from './parameters';
import { PipelineReadRole, POP_SERVICE_READER_ROLE, SECURITY_ADMIN_ROLE } from './pipeline-read-role';
import { SecurityDataLake } from './security-data-lake';
import { UnitAccess } from './unit-access';
import { UnitKey } from './unit-key';
import { UnitNetwork } from './unit-network';
import { acknowledge } from '../nag/acknowledgements';
import { MANAGED_TAG } from '../managed-tag';

export { MANAGED_TAG } from '../managed-tag';

export interface UnitBaselineStackProps extends StackProps {
  readonly kind: UnitKind;
  /** The baseline block of the kind's template. */
  readonly baseline: TemplateSpec['baseline'];
  /** organization.yaml `aws.availabilityZoneIds`: the zone ids of every region, in order. */
  readonly availabilityZoneIds: Readonly<Record<string, readonly string[]>>;
}

/**
 * The baseline every account of one kind gets, as one parameterized template that a StackSet stamps
 * into each account: its KMS key, its cross-account role, its network and flow logs, and for the
 * Central account the security data lake. Per-account values are StackSet parameter overrides.
 */
export class UnitBaselineStack extends Stack {
  readonly parameters: BaselineParameters;

  constructor(scope: Construct, id: string, props: UnitBaselineStackProps) {
    super(scope, id, props);
    const p = (this.parameters = new BaselineParameters(this));
    const network = props.baseline.network;

    const unitKey = new UnitKey(this, 'UnitKey');
    new UnitAccess(this, 'Access', { trustedOrgPath: p.trustedOrgPath });

    let dataLake: SecurityDataLake | undefined;
    if (props.baseline.securityDataLake) {
      dataLake = new SecurityDataLake(this, 'SecurityDataLake', {
        bucketName: p.logArchiveBucketName,
        organizationId: p.organizationId,
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
    }

    const unitNetwork = new UnitNetwork(this, 'Network', {
      cidr: p.vpcCidr,
      availabilityZoneIds: availabilityZoneIds(this, props.availabilityZoneIds),
      logArchiveBucketName: p.logArchiveBucketName,
      internetAccess: network.internetAccess,
      interfaceEndpoints: network.awsInterfaceEndpoints,
      popServiceName: network.reachesPop ? p.popServiceName : undefined,
      reachesPopCondition: network.reachesPop ? p.reachesPop : undefined,
      exposeEndpointService: network.exposesEndpointService,
      certificateArn: network.exposesEndpointService ? p.popCertificateArn : undefined,
      certificateCondition: network.exposesEndpointService ? p.hasCertificate : undefined,
    });
    // The Central account's own flow logs go to the bucket it creates.
    if (dataLake?.bucket.policy) unitNetwork.node.findChild('FlowLogs').node.addDependency(dataLake.bucket.policy);

    if (network.exposesEndpointService) {
      new PipelineReadRole(this, 'EndpointServiceReaderRole', {
        roleName: POP_SERVICE_READER_ROLE,
        managementAccountId: p.managementAccountId,
        description: 'vend: lets the pipeline read the name of this PoP\'s endpoint service',
        statements: [
          new iam.PolicyStatement({ actions: ['ec2:DescribeVpcEndpointServiceConfigurations'], resources: ['*'] }),
        ],
      });
    }

    if (props.kind === 'Space') {
      // BYOK: a single-tenant Space's data is encrypted with the customer's key, which the customer can revoke.
      const dataKey = kms.Key.fromKeyArn(
        this,
        'DataKey',
        Fn.conditionIf(p.hasCustomerKey.logicalId, p.dataKeyArn, unitKey.key.keyArn).toString(),
      );
      const dataBucket = new s3.Bucket(this, 'DataBucket', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: dataKey,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        versioned: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledge(dataBucket, {
        id: 'AwsSolutions-S1',
        reason: 'Object access is recorded by the organization CloudTrail (S3 data events) in the central log archive, outside the tenant\'s reach.',
      });
    }

    Tags.of(this).add(MANAGED_TAG, 'true');
    Tags.of(this).add('vend:unit', p.unitName);
    Tags.of(this).add('vend:environment', p.environment);
  }
}
