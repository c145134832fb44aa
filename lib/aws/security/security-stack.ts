import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';
import { SingleAccountStackSet } from '../stacksets/single-account-stack-set';
import { SECURITY_ADMIN_ROLE } from '../baseline/pipeline-read-role';
import { LOG_ARCHIVE_KEY_ALIAS } from '../baseline/security-data-lake';
import { RegionalSecurityParameter } from '../baseline/service-templates';
import type { TemplateSpec } from '../../model';
import { DelegatedAdministrator } from './delegated-administrator';
import { OrganizationTrail } from './organization-trail';
import { SecurityAdminParameter } from './security-admin-template';
import { ORGANIZATIONS_DELEGATION_ACTIONS, ThreatDetection } from './threat-detection';

export interface SecurityStackProps extends StackProps {
  /** The organization's name (bucket-name prefixes in the trail's data-event selectors). */
  readonly organization: string;
  /** The Central unit's account: delegated administrator and log archive. */
  readonly centralAccountId: string;
  readonly centralRegion: string;
  readonly logArchiveBucketName: string;
  readonly organizationId: string;
  /** The organization root (r-…), which the Security Hub configuration policy is associated with. */
  readonly rootId: string;
  /** Every organization region: GuardDuty and Security Hub are delegated and auto-enabled in each. */
  readonly regions: readonly string[];
  /** Template with the Central account's detector and hub for regions other than its home. */
  readonly regionalSecurityTemplateBody: string;
  /** Template that configures the organization's security services from the Central account. */
  readonly securityAdminTemplateBody: string;
  /** The Central template's `securityServices`. @default - GuardDuty and Security Hub defaults only */
  readonly services?: NonNullable<TemplateSpec['baseline']['securityServices']>;
}

/**
 * Organization-wide security services, deployed in the management account (each of these calls
 * is management-account only): the organization CloudTrail into the Central log archive; GuardDuty
 * and Security Hub with the Central account as delegated administrator in every organization
 * region, GuardDuty's protection plans auto-enabled for every account, Security Hub centrally
 * configured; and the Central account registered as delegated administrator for AWS Config and
 * IAM Access Analyzer when the Central template turns their organization views on.
 */
export class SecurityStack extends Stack {
  readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: SecurityStackProps) {
    super(scope, id, props);
    this.trail = new OrganizationTrail(this, 'Audit', {
      organization: props.organization,
      organizationId: props.organizationId,
      logArchiveBucketName: props.logArchiveBucketName,
      centralAccountId: props.centralAccountId,
    }).trail;

    // GuardDuty and Security Hub: the Central account administers the organization in every
    // organization region. Outside its home region its detector and hub come from a regional
    // StackSet, created before the delegation.
    const otherRegions = props.regions.filter((r) => r !== props.centralRegion);
    const regional = otherRegions.length > 0
      ? new SingleAccountStackSet(this, 'RegionalSecurityStackSet', {
        parameters: {
          [RegionalSecurityParameter.FindingsBucketArn]: `arn:${this.partition}:s3:::${props.logArchiveBucketName}`,
          [RegionalSecurityParameter.FindingsKeyArn]: this.logArchiveKeyArn(props),
        },
        stackSetName: 'vend-security-regional',
        description: 'vend: GuardDuty detector and Security Hub of the delegated administrator outside its home region',
        templateBody: props.regionalSecurityTemplateBody,
        accountId: props.centralAccountId,
        regions: otherRegions,
      })
      : undefined;
    const delegations: Construct[] = [];
    for (const region of [props.centralRegion, ...otherRegions]) {
      const scope = new Construct(this, `Region-${region}`);
      const threatDetection = new ThreatDetection(scope, 'GuardDuty', {
        region,
        centralAccountId: props.centralAccountId,
        features: props.services?.guardDutyFeatures ?? [],
      });
      if (regional) threatDetection.delegation.node.addDependency(regional);
      delegations.push(threatDetection, this.securityHubAdmin(scope, region, region === props.centralRegion, props, regional));
    }
    const services = props.services;
    if (services?.configAggregator) delegations.push(new DelegatedAdministrator(this, 'ConfigAdministrator', { servicePrincipal: 'config.amazonaws.com', accountId: props.centralAccountId }));
    if (services?.accessAnalyzer) delegations.push(new DelegatedAdministrator(this, 'AccessAnalyzerAdministrator', { servicePrincipal: 'access-analyzer.amazonaws.com', accountId: props.centralAccountId }));

    // The organization-wide configuration is made from the administrator, once it is one, in its
    // home region (Security Hub central configuration applies it to the linked regions).
    const securityAdmin = new SingleAccountStackSet(this, 'SecurityAdminStackSet', {
      stackSetName: 'vend-security-admin',
      description: 'vend: Security Hub central configuration, Access Analyzer and Config aggregator in the delegated administrator',
      templateBody: props.securityAdminTemplateBody,
      accountId: props.centralAccountId,
      regions: [props.centralRegion],
      parameters: { [SecurityAdminParameter.RootId]: props.rootId },
      capabilities: ['CAPABILITY_IAM'],
    });
    for (const delegation of delegations) securityAdmin.node.addDependency(delegation);
  }

  /** Security Hub's delegated administrator in one region (natively in the home region). */
  private securityHubAdmin(scope: Construct, region: string, home: boolean, props: SecurityStackProps, regional?: Construct): Construct {
    if (home) return new securityhub.CfnDelegatedAdmin(scope, 'SecurityHubDelegatedAdmin', { adminAccountId: props.centralAccountId });
    const call: cr.AwsSdkCall = {
      service: 'SecurityHub',
      action: 'enableOrganizationAdminAccount',
      parameters: { AdminAccountId: props.centralAccountId },
      region,
      physicalResourceId: cr.PhysicalResourceId.of(`securityhub-admin-${region}`),
    };
    const hubAdmin = new cr.AwsCustomResource(scope, 'SecurityHubDelegatedAdmin', {
      onCreate: call,
      onUpdate: call,
      onDelete: { ...call, action: 'disableOrganizationAdminAccount' },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: [...SECURITY_HUB_ADMIN_ACTIONS, ...ORGANIZATIONS_DELEGATION_ACTIONS], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledge(hubAdmin, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Security Hub and Organizations delegated-administrator calls have no resource-level permissions.',
    });
    if (regional) hubAdmin.node.addDependency(regional);
    return hubAdmin;
  }

  /** The data lake key's ARN, read in the Central account by its alias. */
  private logArchiveKeyArn(props: SecurityStackProps): string {
    const role = `arn:${this.partition}:iam::${props.centralAccountId}:role/${SECURITY_ADMIN_ROLE}`;
    const call: cr.AwsSdkCall = {
      service: 'KMS',
      action: 'describeKey',
      parameters: { KeyId: LOG_ARCHIVE_KEY_ALIAS },
      region: props.centralRegion,
      assumedRoleArn: role,
      physicalResourceId: cr.PhysicalResourceId.of('log-archive-key'),
      outputPaths: ['KeyMetadata.Arn'],
    };
    const lookup = new cr.AwsCustomResource(this, 'LogArchiveKey', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [role] })]),
      installLatestAwsSdk: false,
    });
    return lookup.getResponseField('KeyMetadata.Arn');
  }

}

const SECURITY_HUB_ADMIN_ACTIONS = ['securityhub:EnableOrganizationAdminAccount', 'securityhub:DisableOrganizationAdminAccount'];
