import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';

/** Where AWS Config delivers inside the log archive. */
export const CONFIG_PREFIX = 'config';

export interface ConfigRecorderProps {
  /** The organization's log archive bucket (Central account). */
  readonly logArchiveBucketName: string;
}

/**
 * AWS Config in the unit's region: a recorder of every supported resource type (global ones too:
 * a unit lives in one region) and a delivery channel into the log archive, as the Landing Zone
 * Accelerator's `awsConfig` does. The archive's bucket and key policies let config.amazonaws.com
 * write only for accounts of the organization (SecurityDataLake).
 */
export class ConfigRecorder extends Construct {
  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      description: 'vend: AWS Config recorder',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    acknowledge(role, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      reason: 'AWS maintains AWS_ConfigRole as the recorder\'s read permissions for every resource type Config supports; a copy would fall behind new types.',
    });
    const recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: props.logArchiveBucketName,
      s3KeyPrefix: CONFIG_PREFIX,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.addResourceDependency(recorder);
  }
}
