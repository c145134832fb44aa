import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The policy of each AWS-service interface endpoint vend creates: requests through the endpoint
 * must come from principals of the organization and go to resources of the organization, or be
 * made by AWS services themselves. Without it the default endpoint policy allows any principal to
 * any resource, so a workload could write to another organization's log group, key or role with
 * that organization's credentials ("Control access to VPC endpoints using endpoint policies",
 * docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html; the data-perimeter pattern
 * of aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/).
 *
 * Systems Manager also reads AWS-owned documents and public parameters, which belong to no
 * organization; those resources are allowed by ARN, for the organization's principals only.
 */
export function endpointPolicy(service: string, organizationId: string): iam.PolicyDocument {
  const anyone = [new iam.StarPrincipal()];
  const statements = [
    new iam.PolicyStatement({
      sid: 'OrganizationPrincipalsToOrganizationResources',
      principals: anyone,
      actions: ['*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId, 'aws:ResourceOrgID': organizationId } },
    }),
    new iam.PolicyStatement({
      sid: 'AwsServicePrincipals',
      principals: anyone,
      actions: ['*'],
      resources: ['*'],
      conditions: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
    }),
  ];
  if (service === 'ssm') {
    statements.push(
      new iam.PolicyStatement({
        sid: 'OrganizationPrincipalsToAwsOwnedSsmResources',
        principals: anyone,
        actions: ['ssm:Describe*', 'ssm:List*', 'ssm:Get*', 'ssm:SendCommand', 'ssm:StartSession', 'ssm:StartAutomationExecution'],
        resources: [
          `arn:${Aws.PARTITION}:ssm:${Aws.REGION}::parameter/aws/*`,
          `arn:${Aws.PARTITION}:ssm:${Aws.REGION}::document/*`,
          `arn:${Aws.PARTITION}:ssm:*::automation-definition/*`,
        ],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      }),
    );
  }
  return new iam.PolicyDocument({ statements });
}
