import { Aws, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { AwsLogDeliveryTrust } from '../../model/cross-cloud-trust';
import { pascalId } from '../../model';
import { BaselineParameter } from '../baseline/parameters';
import { AzureLogDeliveryRole } from './azure-log-delivery-role';

export interface AzureOidcProviderStackProps extends StackProps {
  /** `https://sts.windows.net/<tenant>/`: the Entra tenant's v1 token issuer. */
  readonly issuer: string;
  /** The audience (client id) the Azure side requests tokens for. */
  readonly audience: string;
}

/** Stamped into the Central account: the IAM OIDC identity provider for the Entra tenant. */
export class AzureOidcProviderStack extends Stack {
  constructor(scope: Construct, id: string, props: AzureOidcProviderStackProps) {
    super(scope, id, props);
    new iam.OidcProviderNative(this, 'EntraTenant', { url: props.issuer, clientIds: [props.audience] });
  }
}

/** The template parameter that carries an Azure Space's managed-identity principal id. */
export function principalIdParameter(space: string): string {
  return `PrincipalId${pascalId(space)}`;
}

export interface AzureLogDeliveryStackProps extends StackProps {
  /** The trust contract of each Azure Space of this shard, by Space name. */
  readonly spaces: ReadonlyMap<string, AwsLogDeliveryTrust>;
}

/**
 * Stamped into the Central account, one per shard of Azure Spaces: a log-delivery role per Space.
 * Principal ids are parameters because Azure assigns them when it creates the identities.
 */
export class AzureLogDeliveryStack extends Stack {
  constructor(scope: Construct, id: string, props: AzureLogDeliveryStackProps) {
    super(scope, id, props);
    const bucketName = new CfnParameter(this, BaselineParameter.LogArchiveBucketName, {
      type: 'String',
      description: 'The organization\'s log archive bucket in this account.',
    }).valueAsString;
    const [first] = props.spaces.values();
    const provider = first
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'EntraTenant', `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:oidc-provider/${first.issuerHost}`)
      : undefined;
    for (const [space, trust] of props.spaces) {
      const principalId = new CfnParameter(this, principalIdParameter(space), {
        type: 'String',
        description: `Entra object id of ${trust.identityName}`,
        allowedPattern: '^[0-9a-fA-F-]{36}$',
      }).valueAsString;
      new AzureLogDeliveryRole(this, pascalId(space), {
        trust,
        principalId,
        provider: provider!,
        bucketName,
        bucketNameParameterId: BaselineParameter.LogArchiveBucketName,
      });
    }
  }
}
