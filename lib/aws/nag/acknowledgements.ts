/**
 * Every cdk-nag finding vend accepts, each with the reason it is acceptable. Acknowledgements are
 * attached to the narrowest construct that produces the finding, never to the whole app.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export interface Acknowledgement {
  /** Rule id, optionally narrowed to one finding: `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly id: string;
  readonly reason: string;
}

/**
 * Acknowledges findings on a construct; refuses an acknowledgement without a real reason. Ids are
 * passed as cdk-nag v3 documents them (`AwsSolutions-S1`, unqualified): aws-cdk-lib records them
 * as `Annotation::AwsSolutions-S1`, which is the form cdk-nag 3.0.2's own check looks up.
 */
export function acknowledge(scope: IConstruct, ...acks: Acknowledgement[]): void {
  for (const ack of acks) {
    const nag = /^[A-Za-z]+-[A-Za-z0-9]+(\[.+\])?$/.test(ack.id);
    const guard = new RegExp(`^${GUARD_NAMESPACE}::[a-z0-9_]+$`).test(ack.id);
    if (!nag && !guard) throw new Error(`acknowledgement id '${ack.id}' is not a rule id`);
    if (ack.reason.trim().length < 20) {
      throw new Error(`acknowledgement of '${ack.id}' at ${scope.node.path} needs a reason of at least 20 characters`);
    }
  }
  Validations.of(scope).acknowledge(...acks);
}

/** The validation-plugin namespace of cfn-guard's findings (`@cdklabs/cdk-validator-cfnguard`). */
export const GUARD_NAMESPACE = 'cdk-validator-cfnguard';

/**
 * Acknowledges one AWS Control Tower proactive control (cfn-guard rule name, as its finding says
 * "Acknowledge with") on one construct, with the reason it does not apply there.
 */
export function acknowledgeGuard(scope: IConstruct, rule: string, reason: string): void {
  acknowledge(scope, { id: `${GUARD_NAMESPACE}::${rule}`, reason });
}

/** The id aws-cdk-lib gives the one Lambda function behind every AwsCustomResource in a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Acknowledgements that apply wherever a construct library creates the same resource. */
export function acknowledgeManagementFindings(app: IConstruct): void {
  for (const stack of app.node.findAll().filter(Stack.isStack)) {
    const provider = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
    if (!provider) continue;
    acknowledge(provider, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AwsCustomResource provider only writes its own CloudWatch logs, which is what the AWS managed basic execution policy grants.',
    });
    acknowledgeGuard(provider, 'lambda_inside_vpc_check', 'aws-cdk-lib\'s AwsCustomResource provider runs in the management account to call AWS APIs during deploys; it holds no data and the management account has no workload VPC.');
    acknowledgeGuard(provider, 'cloudwatch_log_group_encrypted_check', 'The provider\'s log group, created by aws-cdk-lib, holds only the SDK calls of vend\'s own deploys (no tenant data).');
  }
}
