import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledgements';

export interface DelegatedAdministratorProps {
  /** The service principal, e.g. `config.amazonaws.com`. */
  readonly servicePrincipal: string;
  readonly accountId: string;
}

/**
 * Registers an account as a service's delegated administrator with AWS Organizations
 * (RegisterDelegatedAdministrator, callable only from the management account, where this stack
 * runs; the service's trusted access comes first, from `vend bootstrap aws`). For services whose
 * own API does not register it (AWS Config, IAM Access Analyzer); GuardDuty and Security Hub do
 * it in their EnableOrganizationAdminAccount. A registration that already exists is success.
 */
export class DelegatedAdministrator extends Construct {
  constructor(scope: Construct, id: string, props: DelegatedAdministratorProps) {
    super(scope, id);
    const call: cr.AwsSdkCall = {
      service: 'Organizations',
      action: 'registerDelegatedAdministrator',
      parameters: { AccountId: props.accountId, ServicePrincipal: props.servicePrincipal },
      // Organizations is served from us-east-1 (AWS Organizations endpoints and quotas).
      region: 'us-east-1',
      physicalResourceId: cr.PhysicalResourceId.of(`delegated-admin-${props.servicePrincipal}`),
      ignoreErrorCodesMatching: 'AccountAlreadyRegisteredException',
    };
    const registration = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      onDelete: { ...call, action: 'deregisterDelegatedAdministrator', ignoreErrorCodesMatching: 'AccountNotRegisteredException' },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['organizations:RegisterDelegatedAdministrator', 'organizations:DeregisterDelegatedAdministrator', 'organizations:DescribeOrganization'],
          resources: ['*'],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledge(registration, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Organizations\' delegated-administrator calls take an account id and a service principal, not a resource ARN.',
    });
  }
}
