/**
 * The parameters of the baseline templates. The StackSets in the management account fill them per
 * account (parameter overrides), so one template per kind serves every account of that kind.
 */
import { CfnCondition, CfnParameter, Fn, type Stack } from 'aws-cdk-lib';

export const BaselineParameter = {
  UnitName: 'UnitName',
  Environment: 'Environment',
  VpcCidr: 'VpcCidr',
  /** BYOK: the customer's KMS key ARN for the unit's data; empty means the account's own key. */
  DataKeyArn: 'DataKeyArn',
  /** Spaces: the PoP's VPC endpoint service name; empty when the Space reaches no PoP. */
  PopServiceName: 'PopServiceName',
  /** PoPs: an ACM certificate for the endpoint service's TLS listener; empty means no listener yet. */
  PopCertificateArn: 'PopCertificateArn',
  LogArchiveBucketName: 'LogArchiveBucketName',
  /** `o-…/r-…/ou-…/…/`: principals under this OU path may assume the unit's cross-account role. */
  TrustedOrgPath: 'TrustedOrgPath',
  OrganizationId: 'OrganizationId',
  ManagementAccountId: 'ManagementAccountId',
} as const;
export type BaselineParameterName = keyof typeof BaselineParameter;

/** The parameters every baseline template declares, with the conditions derived from them. */
export class BaselineParameters {
  readonly unitName: string;
  readonly environment: string;
  readonly vpcCidr: string;
  readonly dataKeyArn: string;
  readonly popServiceName: string;
  readonly popCertificateArn: string;
  readonly logArchiveBucketName: string;
  readonly trustedOrgPath: string;
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly hasCustomerKey: CfnCondition;
  readonly reachesPop: CfnCondition;
  readonly hasCertificate: CfnCondition;

  constructor(stack: Stack) {
    const param = (name: string, props: { description: string; default?: string; allowedPattern?: string }) =>
      new CfnParameter(stack, name, { type: 'String', ...props }).valueAsString;
    this.unitName = param(BaselineParameter.UnitName, {
      description: 'The vend unit this account realizes.',
      allowedPattern: '^[a-z][a-z0-9-]*[a-z0-9]$',
    });
    this.environment = param(BaselineParameter.Environment, { description: 'The unit\'s environment.' });
    this.vpcCidr = param(BaselineParameter.VpcCidr, {
      description: 'IPv4 CIDR of the unit\'s VPC (/22 or larger).',
      allowedPattern: '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$',
    });
    this.dataKeyArn = param(BaselineParameter.DataKeyArn, {
      description: 'BYOK: the customer\'s KMS key for the unit\'s data. Empty: the account\'s own key.',
      default: '',
      allowedPattern: '^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]{36})?$',
    });
    this.popServiceName = param(BaselineParameter.PopServiceName, {
      description: 'Spaces: the VPC endpoint service of the PoP the Space reaches. Empty: none.',
      default: '',
    });
    this.popCertificateArn = param(BaselineParameter.PopCertificateArn, {
      description: 'PoPs: ACM certificate of the endpoint service\'s TLS listener. Empty: no listener yet.',
      default: '',
    });
    this.logArchiveBucketName = param(BaselineParameter.LogArchiveBucketName, {
      description: 'The organization\'s log archive bucket in the Central account.',
    });
    this.trustedOrgPath = param(BaselineParameter.TrustedOrgPath, {
      description: 'aws:PrincipalOrgPaths pattern of the unit\'s OU; only principals under it may assume the unit role.',
    });
    this.organizationId = param(BaselineParameter.OrganizationId, {
      description: 'The AWS Organizations id (o-…).',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
    });
    this.managementAccountId = param(BaselineParameter.ManagementAccountId, {
      description: 'The management (pipeline) account.',
      allowedPattern: '^\\d{12}$',
    });
    this.hasCustomerKey = new CfnCondition(stack, 'HasCustomerKey', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.dataKeyArn, '')),
    });
    this.reachesPop = new CfnCondition(stack, 'ReachesPop', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.popServiceName, '')),
    });
    this.hasCertificate = new CfnCondition(stack, 'HasCertificate', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.popCertificateArn, '')),
    });
  }
}
