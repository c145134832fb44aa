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

/**
 * Audience application ID URI for an organization: `api://<tenantId>/vend-<org>-aws-log-delivery`.
 * Entra's default app-management policy accepts only the secure identifier-URI forms for apps that
 * issue v1 tokens (`api://{appId}`, `api://{tenantId}/{string}`, `api://{string}/{appId}`, a verified
 * domain); a bare `api://{string}` is refused ("All newly added URIs must contain a tenant verified
 * domain, tenant ID, or app ID"). learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions.
 * The tenant id form is the one both clouds can derive from the catalog before anything exists.
 */
export function awsLogDeliveryAudience(org: { readonly name: string; readonly azure?: { readonly tenantId: string } }): string {
  const tenantId = org.azure?.tenantId;
  if (!tenantId) throw new Error('organization.yaml has no azure.tenantId (the AWS log-delivery audience names the tenant)');
  return `api://${tenantId}/vend-${org.name}-aws-log-delivery`;
}

/** Whether a unit takes part: Azure Spaces (decommissioned ones too: the AWS side drops their roles). */
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
    audience: awsLogDeliveryAudience(org),
    identityName: `id-${unit.name}-aws-log-delivery`,
    awsRoleName: `vend-${unit.name}-log-delivery`.slice(0, 64),
    dataLakePrefix: `azure/${unit.name}/`,
    principalIdOutput: AWS_LOG_DELIVERY_PRINCIPAL_OUTPUT,
  };
}
