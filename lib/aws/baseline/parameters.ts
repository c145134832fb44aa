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
  /** Spaces: `<pop>.<domain>`, the PoP's name on its certificate and in the Space's private zone. */
  PopHostName: 'PopHostName',
  /** PoPs: `vend-<org>-lb-logs-<central>-`; the region completes the access-log bucket's name. */
  AccessLogBucketPrefix: 'AccessLogBucketPrefix',
  LogArchiveBucketName: 'LogArchiveBucketName',
  OrganizationId: 'OrganizationId',
  ManagementAccountId: 'ManagementAccountId',
} as const;
export type BaselineParameterName = keyof typeof BaselineParameter;

const PARAMETER_SPECS: Record<keyof typeof BaselineParameter, { description: string; default?: string; allowedPattern?: string }> = {
  UnitName: { description: 'The vend unit this account realizes.', allowedPattern: '^[a-z][a-z0-9-]*[a-z0-9]$' },
  Environment: { description: 'The unit\'s environment.', allowedPattern: '^[a-z][a-z0-9]*$' },
  VpcCidr: {
    description: 'IPv4 CIDR of the unit\'s VPC (/22 or larger).',
    allowedPattern: '^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}/\\d{1,2}$',
  },
  DataKeyArn: {
    description: 'BYOK: the customer\'s KMS key for the unit\'s data. Empty: the account\'s own key.',
    default: '',
    allowedPattern: '^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]{36})?$',
  },
  PopServiceName: { description: 'Spaces: the VPC endpoint service of the PoP the Space reaches. Empty: none.', default: '' },
  PopHostName: { description: 'Spaces: <pop>.<domain>, the name the PoP\'s certificate is issued for. Empty: none.', default: '' },
  AccessLogBucketPrefix: {
    description: 'PoPs: the Central account\'s access-log bucket name without its region suffix.',
    allowedPattern: '^[a-z0-9][a-z0-9.-]*-$',
  },
  LogArchiveBucketName: { description: 'The organization\'s log archive bucket in the Central account.' },
  OrganizationId: { description: 'The AWS Organizations id (o-…).', allowedPattern: '^o-[a-z0-9]{10,32}$' },
  ManagementAccountId: { description: 'The management (pipeline) account.', allowedPattern: '^\\d{12}$' },
};

/**
 * The parameters of a baseline template, each declared the first time the template uses it, so a
 * template declares exactly what it needs (the StackSet passes only declared parameters).
 */
export class BaselineParameters {
  private readonly values = new Map<string, string>();
  private readonly conditions = new Map<string, CfnCondition>();

  constructor(private readonly stack: Stack) {}

  get unitName() { return this.get('UnitName'); }
  get environment() { return this.get('Environment'); }
  get vpcCidr() { return this.get('VpcCidr'); }
  get dataKeyArn() { return this.get('DataKeyArn'); }
  get popServiceName() { return this.get('PopServiceName'); }
  get popHostName() { return this.get('PopHostName'); }
  get accessLogBucketPrefix() { return this.get('AccessLogBucketPrefix'); }
  get logArchiveBucketName() { return this.get('LogArchiveBucketName'); }
  get organizationId() { return this.get('OrganizationId'); }
  get managementAccountId() { return this.get('ManagementAccountId'); }
  get hasCustomerKey() { return this.notEmpty('HasCustomerKey', this.dataKeyArn); }
  get reachesPop() { return this.notEmpty('ReachesPop', this.popServiceName); }

  private get(name: keyof typeof BaselineParameter): string {
    let value = this.values.get(name);
    if (value === undefined) {
      value = new CfnParameter(this.stack, BaselineParameter[name], { type: 'String', ...PARAMETER_SPECS[name] }).valueAsString;
      this.values.set(name, value);
    }
    return value;
  }

  private notEmpty(id: string, value: string): CfnCondition {
    let condition = this.conditions.get(id);
    if (!condition) {
      condition = new CfnCondition(this.stack, id, { expression: Fn.conditionNot(Fn.conditionEquals(value, '')) });
      this.conditions.set(id, condition);
    }
    return condition;
  }
}
