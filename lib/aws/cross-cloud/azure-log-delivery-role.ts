import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { AwsLogDeliveryTrust } from '../../model/cross-cloud-trust';
import { acknowledge } from '../nag/acknowledgements';

export interface AzureLogDeliveryRoleProps {
  /** The contract both realizations derive from the catalog (issuer, audience, role name, prefix). */
  readonly trust: AwsLogDeliveryTrust;
  /** The Entra principal (object) id of the Space's managed identity: the token's `sub`. */
  readonly principalId: string;
  /** The IAM OIDC provider for the Entra tenant, in this account. */
  readonly provider: iam.IOidcProvider;
  /** The security data lake bucket (a template parameter). */
  readonly bucketName: string;
  /** Logical id of that parameter, which is how cdk-nag names it in a finding. */
  readonly bucketNameParameterId: string;
}

/**
 * The role one Azure Space's managed identity assumes with its Entra token: trusted only for that
 * identity (`sub`) and audience (`aud`), allowed only to write objects under the Space's prefix
 * of the data lake (and to encrypt them with the bucket's key through S3).
 */
export class AzureLogDeliveryRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AzureLogDeliveryRoleProps) {
    super(scope, id);
    const { trust } = props;
    const bucket = `arn:${Aws.PARTITION}:s3:::${props.bucketName}`;
    const objects = `${bucket}/${trust.dataLakePrefix}*`;
    this.role = new iam.Role(this, 'Resource', {
      roleName: trust.awsRoleName,
      description: `vend: log delivery from Azure Space ${trust.identityName} into ${trust.dataLakePrefix}`,
      assumedBy: new iam.FederatedPrincipal(
        props.provider.openIdConnectProviderArn,
        { StringEquals: { [`${trust.issuerHost}:aud`]: trust.audience, [`${trust.issuerHost}:sub`]: props.principalId } },
        'sts:AssumeRoleWithWebIdentity',
      ),
      inlinePolicies: {
        DeliverUnderPrefix: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }),
            new iam.PolicyStatement({
              actions: ['kms:GenerateDataKey'],
              resources: ['*'],
              conditions: {
                // The data lake uses S3 Bucket Keys, so S3's encryption context is the bucket's ARN.
                StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': bucket },
              },
            }),
          ],
        }),
      },
    });
    acknowledge(this.role, {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${props.bucketNameParameterId}>/${trust.dataLakePrefix}*]`,
      reason: 'Writing new log objects under the Space\'s own prefix is the purpose of the role; the prefix is the narrowest scope.',
    }, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The data lake key lives in another stack of this account; use is limited to S3 in this region on the data lake bucket, and writes to the Space\'s prefix.',
    });
  }
}
