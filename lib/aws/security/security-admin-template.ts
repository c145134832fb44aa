import { Aws, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import type { Construct } from 'constructs';
import type { TemplateSpec } from '../../model';
import { acknowledge } from '../nag/acknowledgements';

export const SecurityAdminParameter = { RootId: 'RootId' } as const;

/** Standards used when the Central template names none. */
const DEFAULT_STANDARDS = ['aws-foundational-security-best-practices/v/1.0.0'];

export interface SecurityAdminStackProps extends StackProps {
  /** The Central template's `securityServices`. */
  readonly services?: NonNullable<TemplateSpec['baseline']['securityServices']>;
  /** The organization's regions other than the Central unit's (Security Hub's linked regions). */
  readonly linkedRegions: readonly string[];
}

/**
 * Stamped into the Central account, in its home region only, once it is the delegated
 * administrator:
 * - Security Hub **central configuration** (Security Hub user guide, "Understanding central
 *   configuration"): a finding aggregator in the home region linking the other regions, which
 *   central configuration requires; organization configuration CENTRAL; one configuration policy
 *   with the template's standards, associated with the organization root, so every account that
 *   exists now and every account created later gets Security Hub and those standards in every
 *   linked region (AutoEnable under LOCAL configuration covered new accounts only).
 * - An organization-wide IAM Access Analyzer and an AWS Config aggregator over every account and
 *   region, when the template asks for them (their delegated-administrator registrations are made
 *   by Vend-Security from the management account).
 */
export class SecurityAdminStack extends Stack {
  constructor(scope: Construct, id: string, props: SecurityAdminStackProps) {
    super(scope, id, props);
    const rootId = new CfnParameter(this, SecurityAdminParameter.RootId, {
      type: 'String',
      description: 'The organization root (r-…) the configuration policy is associated with.',
      allowedPattern: '^r-[0-9a-z]{4,32}$',
    }).valueAsString;
    const aggregator = new securityhub.CfnFindingAggregator(this, 'FindingAggregator', {
      regionLinkingMode: props.linkedRegions.length > 0 ? 'SPECIFIED_REGIONS' : 'NO_REGIONS',
      regions: props.linkedRegions.length > 0 ? [...props.linkedRegions] : undefined,
    });
    const organization = new securityhub.CfnOrganizationConfiguration(this, 'SecurityHubOrganization', {
      autoEnable: false,
      autoEnableStandards: 'NONE',
      configurationType: 'CENTRAL',
    });
    organization.addResourceDependency(aggregator);
    const standards = props.services?.securityHubStandards ?? DEFAULT_STANDARDS;
    const policy = new securityhub.CfnConfigurationPolicy(this, 'ConfigurationPolicy', {
      name: 'vend-organization',
      description: 'vend: Security Hub and its standards in every account and linked region',
      configurationPolicy: {
        securityHub: {
          serviceEnabled: true,
          enabledStandardIdentifiers: standards.map((s) => `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}::standards/${s}`),
          securityControlsConfiguration: { disabledSecurityControlIdentifiers: [] },
        },
      },
    });
    policy.addResourceDependency(organization);
    new securityhub.CfnPolicyAssociation(this, 'RootAssociation', { configurationPolicyId: policy.attrId, targetId: rootId, targetType: 'ROOT' });
    if (props.services?.accessAnalyzer) {
      new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { analyzerName: 'vend-organization', type: 'ORGANIZATION' });
    }
    if (props.services?.configAggregator) this.configAggregator();
  }

  private configAggregator(): void {
    const role = new iam.Role(this, 'ConfigAggregatorRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      description: 'vend: AWS Config organization aggregator',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
    });
    acknowledge(role, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
      reason: 'AWS maintains AWSConfigRoleForOrganizations as exactly the Organizations reads an organization aggregator needs.',
    });
    new config.CfnConfigurationAggregator(this, 'ConfigAggregator', {
      configurationAggregatorName: 'vend-organization',
      organizationAggregationSource: { roleArn: role.roleArn, allAwsRegions: true },
    });
  }
}
