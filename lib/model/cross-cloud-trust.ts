/**
 * The contract between the Azure and AWS realizations for cross-cloud log delivery, as pure
 * functions of the catalog, so both sides derive the same names without reading each other's output.
 *
 * An Azure Space delivers usage metrics and logs to the AWS security data lake with no stored key:
 *  1. the Space's stack creates a user-assigned managed identity (`identityName`);
 *  2. a workload running as that identity asks Entra ID (IMDS) for a token with
 *     `resource=<audience>`; the token is a v1 token, so `iss` is `https://sts.windows.net/<tenant>/`,
 *     `aud` is `audience` and `sub` is the identity's principal (object) id;
 *  3. it calls `sts:AssumeRoleWithWebIdentity` for `awsRoleName` in the Central AWS account. The AWS
 *     side (lib/aws) creates one IAM OIDC identity provider for `issuer` with client id `audience`,
 *     and per Azure Space a role that trusts it on `<issuerHost>:aud = audience` and
 *     `<issuerHost>:sub = <principal id>`, allowed to write only under `dataLakePrefix`.
 *
 * The principal id exists only once Azure created the identity: the Space stack outputs it
 * (`aws_log_delivery_principal_id`), and the pipeline passes it to the AWS deployment. The tenant
 * stack registers the audience application once.
 */
import type { EffectiveUnit } from './effective-unit';
import type { VendModel } from './model';

export interface AwsLogDeliveryTrust {
  /** OIDC issuer URL the AWS IAM identity provider is created for. */
  readonly issuer: string;
  /** Issuer without scheme: the prefix of the IAM condition keys (`<issuerHost>:aud`, `:sub`). */
  readonly issuerHost: string;
  /** Token audience (Entra application ID URI) = the IAM OIDC provider's client id. */
  readonly audience: string;
  /** Name of the Space's user-assigned managed identity (in its baseline resource group). */
  readonly identityName: string;
  /** IAM role the Space assumes. */
  readonly awsRoleName: string;
  /** Key prefix the role may write under in the security data lake. */
  readonly dataLakePrefix: string;
  /** Terraform output of the Space stack that holds the `sub` value. */
  readonly principalIdOutput: string;
}

export const AWS_LOG_DELIVERY_PRINCIPAL_OUTPUT = 'aws_log_delivery_principal_id';

/** Audience application ID URI for an organization. */
export function awsLogDeliveryAudience(org: string): string {
  return `api://vend-${org}-aws-log-delivery`;
}

/** Whether a unit takes part: active Azure Spaces. */
export function deliversToAws(unit: Pick<EffectiveUnit, 'cloud' | 'kind'>): boolean {
  return unit.cloud === 'azure' && unit.kind === 'Space';
}

export function awsLogDeliveryTrust(model: VendModel, unit: Pick<EffectiveUnit, 'name'>): AwsLogDeliveryTrust {
  const org = model.catalog.organization.spec;
  const tenantId = org.azure?.tenantId;
  if (!tenantId) throw new Error('organization.yaml has no azure.tenantId');
  const issuer = `https://sts.windows.net/${tenantId}/`;
  return {
    issuer,
    issuerHost: issuer.replace(/^https:\/\//, ''),
    audience: awsLogDeliveryAudience(org.name),
    identityName: `id-${unit.name}-aws-log-delivery`,
    awsRoleName: `vend-${unit.name}-log-delivery`.slice(0, 64),
    dataLakePrefix: `azure/${unit.name}/`,
    principalIdOutput: AWS_LOG_DELIVERY_PRINCIPAL_OUTPUT,
  };
}
