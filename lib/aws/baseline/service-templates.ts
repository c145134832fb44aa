import { CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type { Construct } from 'constructs';
import { acknowledgeS3ProtectionAsFeature, guardDutyFeatures } from './guardduty-features';
import { FINDINGS_PREFIX } from './security-data-lake';

export { SecurityAdminStack } from '../security/security-admin-template';

/**
 * Stamped into the Central account in every organization region other than its home region (where
 * its baseline has them): the GuardDuty detector and Security Hub that the delegated administrator
 * needs in each region.
 */
export const RegionalSecurityParameter = { FindingsBucketArn: 'FindingsBucketArn', FindingsKeyArn: 'FindingsKeyArn' } as const;

export interface RegionalSecurityStackProps extends StackProps {
  /** The Central template's GuardDuty protection plans. @default - none */
  readonly guardDutyFeatures?: readonly string[];
}

export class RegionalSecurityStack extends Stack {
  constructor(scope: Construct, id: string, props: RegionalSecurityStackProps = {}) {
    super(scope, id, props);
    const bucketArn = new CfnParameter(this, RegionalSecurityParameter.FindingsBucketArn, {
      type: 'String',
      description: 'The log archive bucket in the home region.',
      allowedPattern: '^arn:aws[a-z-]*:s3:::[a-z0-9.-]+$',
    }).valueAsString;
    const keyArn = new CfnParameter(this, RegionalSecurityParameter.FindingsKeyArn, {
      type: 'String',
      description: 'The data lake key in the home region.',
      allowedPattern: '^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]+$',
    }).valueAsString;
    const detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: guardDutyFeatures(props.guardDutyFeatures),
    });
    acknowledgeS3ProtectionAsFeature(detector, props.guardDutyFeatures);
    // This region's findings join the home region's in the same data lake prefix.
    new guardduty.CfnPublishingDestination(this, 'FindingsExport', {
      detectorId: detector.ref,
      destinationType: 'S3',
      destinationProperties: { destinationArn: `${bucketArn}/${FINDINGS_PREFIX}`, kmsKeyArn: keyArn },
    });
    new securityhub.CfnHub(this, 'SecurityHub', { enableDefaultStandards: true, autoEnableControls: true });
  }
}

export const PopAccessParameter = { ServiceId: 'ServiceId', AllowedPrincipals: 'AllowedPrincipals' } as const;

/**
 * Stamped into a PoP's account: who may connect to the PoP's endpoint service. Kept apart from the
 * PoP's baseline so that adding or decommissioning a Space changes only this small stack.
 */
export class PopAccessTemplateStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const serviceId = new CfnParameter(this, PopAccessParameter.ServiceId, {
      type: 'String',
      description: 'The PoP\'s VPC endpoint service id.',
      allowedPattern: '^vpce-svc-[0-9a-f]+$',
    });
    const principals = new CfnParameter(this, PopAccessParameter.AllowedPrincipals, {
      type: 'CommaDelimitedList',
      description: 'Account root ARNs of the Spaces that name this PoP.',
    });
    new ec2.CfnVPCEndpointServicePermissions(this, 'Permissions', {
      serviceId: serviceId.valueAsString,
      allowedPrincipals: principals.valueAsList,
    });
  }
}
