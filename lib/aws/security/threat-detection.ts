import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { SECURITY_ADMIN_ROLE } from '../baseline/pipeline-read-role';
import { acknowledge } from '../nag/acknowledgements';

export interface ThreatDetectionProps {
  readonly region: string;
  readonly centralAccountId: string;
  /** GuardDuty protection plans to auto-enable for every account (Central template data). */
  readonly features: readonly string[];
}

/** What a delegated-administrator call may do in Organizations (the security services call it for you). */
export const ORGANIZATIONS_DELEGATION_ACTIONS = [
  'organizations:EnableAWSServiceAccess',
  'organizations:RegisterDelegatedAdministrator',
  'organizations:DeregisterDelegatedAdministrator',
  'organizations:ListDelegatedAdministrators',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:DescribeOrganization',
];

/**
 * GuardDuty in one region: the management account delegates administration to the Central
 * account (EnableOrganizationAdminAccount, management account only), then the administrator
 * turns on auto-enable for every account, existing and new (`AutoEnableOrganizationMembers: ALL`),
 * with each protection plan of the template (`Features[].AutoEnable: ALL`), through the
 * `vend-security-admin` role its baseline created (GuardDuty API, UpdateOrganizationConfiguration).
 */
export class ThreatDetection extends Construct {
  /** The delegation, which other steps of the region wait for. */
  readonly delegation: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const partition = Stack.of(this).partition;
    const adminCall: cr.AwsSdkCall = {
      service: 'GuardDuty',
      action: 'enableOrganizationAdminAccount',
      parameters: { AdminAccountId: props.centralAccountId },
      region: props.region,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-admin-${props.region}`),
    };
    this.delegation = new cr.AwsCustomResource(this, 'DelegatedAdmin', {
      onCreate: adminCall,
      onUpdate: adminCall,
      onDelete: { ...adminCall, action: 'disableOrganizationAdminAccount' },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['guardduty:EnableOrganizationAdminAccount', 'guardduty:DisableOrganizationAdminAccount', ...ORGANIZATIONS_DELEGATION_ACTIONS], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['iam:CreateServiceLinkedRole'], resources: [`arn:${partition}:iam::*:role/aws-service-role/guardduty.amazonaws.com/*`] }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledge(this.delegation, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'GuardDuty and Organizations delegated-administrator calls have no resource-level permissions.',
    }, {
      id: 'AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/aws-service-role/guardduty.amazonaws.com/*]',
      reason: 'GuardDuty creates its service-linked role in the accounts it enables; the path limits it to that role.',
    });
    const securityAdminRole = `arn:${partition}:iam::${props.centralAccountId}:role/${SECURITY_ADMIN_ROLE}`;
    const assume = cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [securityAdminRole] })]);
    const listDetectors: cr.AwsSdkCall = {
      service: 'GuardDuty',
      action: 'listDetectors',
      region: props.region,
      assumedRoleArn: securityAdminRole,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-detector-${props.region}`),
      outputPaths: ['DetectorIds.0'],
    };
    const detector = new cr.AwsCustomResource(this, 'AdminDetector', { onCreate: listDetectors, onUpdate: listDetectors, policy: assume, installLatestAwsSdk: false });
    detector.node.addDependency(this.delegation);
    const autoEnable: cr.AwsSdkCall = {
      service: 'GuardDuty',
      action: 'updateOrganizationConfiguration',
      parameters: {
        DetectorId: detector.getResponseField('DetectorIds.0'),
        AutoEnableOrganizationMembers: 'ALL',
        ...(props.features.length > 0 ? { Features: props.features.map((name) => ({ Name: name, AutoEnable: 'ALL' })) } : {}),
      },
      region: props.region,
      assumedRoleArn: securityAdminRole,
      physicalResourceId: cr.PhysicalResourceId.of(`guardduty-auto-enable-${props.region}`),
    };
    new cr.AwsCustomResource(this, 'AutoEnable', { onCreate: autoEnable, onUpdate: autoEnable, policy: assume, installLatestAwsSdk: false });
  }
}
