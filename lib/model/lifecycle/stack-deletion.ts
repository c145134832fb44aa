/**
 * What deleting a vend stack does in a member account: CloudFormation deletes every resource the
 * template declares (except those with `DeletionPolicy: Retain`), calling each type's delete
 * handler with the credentials of the stack's caller. For a self-managed StackSet instance that is
 * the execution role in the target account (OrganizationAccountAccessRole, model/aws-deployment.ts),
 * so every one of those calls is a member-account call the guardrails of the account's placement
 * must allow. The actions are the write permissions each type's resource schema lists under
 * `handlers.delete.permissions` (CloudFormation registry, `aws cloudformation describe-type`);
 * the reads a handler also makes are left out (no vend guardrail denies a read to the exempt role).
 *
 * A type missing here is an error, not a silent pass: `stackDeletionCalls` names it.
 */
import type { LifecycleCall, LifecyclePrincipal } from './step';

export const DELETE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'AWS::CertificateManager::Certificate': ['acm:DeleteCertificate'],
  'AWS::Config::ConfigurationRecorder': ['config:StopConfigurationRecorder', 'config:DeleteConfigurationRecorder'],
  'AWS::Config::DeliveryChannel': ['config:DeleteDeliveryChannel'],
  'AWS::EC2::FlowLog': ['ec2:DeleteFlowLogs'],
  'AWS::EC2::InternetGateway': ['ec2:DeleteInternetGateway'],
  'AWS::EC2::Route': ['ec2:DeleteRoute'],
  'AWS::EC2::RouteTable': ['ec2:DeleteRouteTable'],
  'AWS::EC2::SecurityGroup': ['ec2:DeleteSecurityGroup'],
  'AWS::EC2::Subnet': ['ec2:DeleteSubnet'],
  'AWS::EC2::SubnetRouteTableAssociation': ['ec2:DisassociateRouteTable'],
  'AWS::EC2::VPC': ['ec2:DeleteVpc'],
  'AWS::EC2::VPCEndpoint': ['ec2:DeleteVpcEndpoints'],
  'AWS::EC2::VPCEndpointService': ['ec2:DeleteVpcEndpointServiceConfigurations'],
  'AWS::EC2::VPCEndpointServicePermissions': ['ec2:ModifyVpcEndpointServicePermissions'],
  'AWS::EC2::VPCGatewayAttachment': ['ec2:DetachInternetGateway'],
  'AWS::ElasticLoadBalancingV2::Listener': ['elasticloadbalancing:DeleteListener'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['elasticloadbalancing:DeleteLoadBalancer'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['elasticloadbalancing:DeleteTargetGroup'],
  'AWS::GuardDuty::Detector': ['guardduty:DeleteDetector'],
  'AWS::GuardDuty::PublishingDestination': ['guardduty:DeletePublishingDestination'],
  'AWS::IAM::Role': ['iam:DetachRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole'],
  'AWS::KMS::Alias': ['kms:DeleteAlias'],
  'AWS::KMS::Key': ['kms:ScheduleKeyDeletion'],
  'AWS::Lambda::Function': ['lambda:DeleteFunction'],
  'AWS::Route53::HostedZone': ['route53:DeleteHostedZone'],
  'AWS::Route53::RecordSet': ['route53:ChangeResourceRecordSets'],
  'AWS::S3::Bucket': ['s3:DeleteBucket'],
  'AWS::S3::BucketPolicy': ['s3:DeleteBucketPolicy'],
  'AWS::SecurityHub::Hub': ['securityhub:DisableSecurityHub'],
  // A custom resource's delete is an invocation of its provider function by the caller; vend's
  // account-settings function answers a Delete without calling AWS (lib/aws/baseline/account-settings.ts).
  'Custom::VendAccountSettings': ['lambda:InvokeFunction'],
};

export interface TemplateResource {
  readonly Type: string;
  readonly DeletionPolicy?: string;
}

/**
 * The calls deleting a stack with these resources makes in the account `target`, as `principal`:
 * DeleteStack itself, then each deleted type's delete actions once. `unknown` names the types this
 * table does not know (the caller must fail on them).
 */
export function stackDeletionCalls(
  resources: Readonly<Record<string, TemplateResource>>,
  target: 'unit' | 'pop',
  principal: LifecyclePrincipal,
): { calls: LifecycleCall[]; unknown: string[] } {
  const account = target === 'unit' ? '${UnitAccount}' : '${PopAccount}';
  const calls: LifecycleCall[] = [
    { action: 'cloudformation:DeleteStack', resource: `arn:\${Partition}:cloudformation:\${Region}:${account}:stack/StackSet-vend-*/*`, target, principal, access: 'write' },
  ];
  const unknown = new Set<string>();
  const seen = new Set<string>();
  for (const r of Object.values(resources)) {
    if (r.DeletionPolicy === 'Retain') continue;
    const actions = DELETE_ACTIONS[r.Type];
    if (!actions) unknown.add(r.Type);
    for (const action of actions ?? []) {
      if (seen.has(action)) continue;
      seen.add(action);
      calls.push({ action, resource: '*', target, principal, access: 'write' });
    }
  }
  return { calls, unknown: [...unknown].sort() };
}
