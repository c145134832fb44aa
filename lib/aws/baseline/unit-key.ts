import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { accountKeyStatements } from '../key-policy';

export interface UnitKeyProps {
  /**
   * Let CloudWatch Logs in the account's region use the key for the account's log groups.
   * @default true
   */
  readonly allowLogService?: boolean;
}

/**
 * The account's own customer-managed key: rotation on, and a key policy that names only the
 * account itself (so only the account's IAM roles, through their own policies, can use it) and the
 * CloudWatch Logs service for this account's log groups.
 */
export class UnitKey extends Construct {
  readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: UnitKeyProps = {}) {
    super(scope, id);
    const policy = new iam.PolicyDocument({
      statements: [
        ...accountKeyStatements(),
      ],
    });
    if (props.allowLogService ?? true) {
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'AccountLogGroups',
          principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` },
          },
        }),
      );
    }
    const key = new kms.Key(this, 'Resource', {
      description: 'vend: the account\'s customer-managed key',
      enableKeyRotation: true,
      policy,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    key.addAlias('alias/vend/unit');
    this.key = key;
  }
}
