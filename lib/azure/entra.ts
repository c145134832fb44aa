/**
 * The few Entra ID (hashicorp/azuread) blocks the tenant stack needs: looking up directory groups by
 * name (catalog access entries name groups, role assignments need object ids) and registering the
 * audience application Azure Spaces request tokens for when they deliver to AWS.
 *
 * No prebuilt azuread package is installed, so these are small typed wrappers over the CDKTF core
 * classes. `ENTRA_SCHEMA` lists the arguments and attributes they use; the structural tests check
 * the synthesized blocks against it, as they check azurerm blocks against the provider package.
 */
import type { Construct } from 'constructs';
import { TerraformDataSource, TerraformProvider, TerraformResource } from './cdktf';

export const AZUREAD_PROVIDER = { source: 'hashicorp/azuread', version: '~> 3.0' } as const;

const generator = { providerName: 'azuread', providerVersionConstraint: AZUREAD_PROVIDER.version };

/** Arguments (and computed attributes) of the azuread types vend synthesizes. */
export const ENTRA_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  azuread_group: ['display_name', 'security_enabled', 'object_id', 'id'],
  azuread_application_registration: ['display_name', 'sign_in_audience', 'requested_access_token_version', 'client_id', 'object_id', 'id'],
  azuread_application_identifier_uri: ['application_id', 'identifier_uri', 'id'],
  azuread_service_principal: ['client_id', 'app_role_assignment_required', 'owners', 'object_id', 'id'],
  azuread_application_federated_identity_credential: ['application_id', 'display_name', 'description', 'audiences', 'issuer', 'subject', 'credential_id', 'id'],
};

export interface EntraProviderProps {
  readonly tenantId: string;
}

export class EntraProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly props: EntraProviderProps) {
    super(scope, id, { terraformResourceType: 'azuread', terraformGeneratorMetadata: generator, terraformProviderSource: AZUREAD_PROVIDER.source });
  }
  protected override synthesizeAttributes() {
    return { tenant_id: this.props.tenantId, use_oidc: true };
  }
}

export interface EntraGroupProps {
  /** The group's display name, as catalog access entries write it. */
  readonly displayName: string;
}

/** Looks up a security group by display name (fails the plan if it does not exist). */
export class EntraGroup extends TerraformDataSource {
  constructor(scope: Construct, id: string, private readonly props: EntraGroupProps) {
    super(scope, id, { terraformResourceType: 'azuread_group', terraformGeneratorMetadata: generator });
  }
  get objectId(): string {
    return this.getStringAttribute('object_id');
  }
  protected override synthesizeAttributes() {
    return { display_name: this.props.displayName, security_enabled: true };
  }
}

export interface EntraApplicationProps {
  readonly displayName: string;
  /** The application ID URI that becomes the `aud` claim of tokens requested for it. */
  readonly identifierUri: string;
}

/**
 * An application that exists only as a token audience: registration, its identifier URI and a
 * service principal (so managed identities can request tokens for it). Access tokens stay v1,
 * so `aud` is the identifier URI and the issuer is `https://sts.windows.net/<tenant>/`.
 */
export class EntraAudienceApplication extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly props: EntraApplicationProps) {
    super(scope, id, { terraformResourceType: 'azuread_application_registration', terraformGeneratorMetadata: generator });
    const uri = new EntraResource(scope, `${id}IdentifierUri`, 'azuread_application_identifier_uri', {
      application_id: this.getStringAttribute('id'),
      identifier_uri: props.identifierUri,
    });
    new EntraResource(
      scope,
      `${id}ServicePrincipal`,
      'azuread_service_principal',
      { client_id: this.getStringAttribute('client_id'), app_role_assignment_required: false },
      [uri],
    );
  }
  protected override synthesizeAttributes() {
    return { display_name: this.props.displayName, sign_in_audience: 'AzureADMyOrg', requested_access_token_version: 1 };
  }
}

class EntraResource extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, private readonly attributes: Record<string, unknown>, dependsOn?: TerraformResource[]) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: generator, dependsOn });
  }
  protected override synthesizeAttributes() {
    return this.attributes;
  }
}

export interface EntraFederatedApplicationProps {
  readonly displayName: string;
  /** Entra tenant that issues the managed identity's tokens. */
  readonly tenantId: string;
  /** Principal (object) id of the user-assigned managed identity the application trusts. */
  readonly identityPrincipalId: string;
}

/**
 * A multi-tenant application whose only credential is a federated identity credential trusting one
 * user-assigned managed identity: how a disk encryption set reaches a customer's key in another
 * tenant. The customer provisions the application in their tenant and grants it on the key; the
 * disk encryption set names it as `federatedClientId` and authenticates as the identity
 * (learn.microsoft.com/azure/virtual-machines/disks-cross-tenant-customer-managed-keys). The
 * credential's issuer is the tenant's v2 endpoint, its subject the identity's principal id and its
 * audience `api://AzureADTokenExchange` (learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 */
export class EntraFederatedApplication extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly props: EntraFederatedApplicationProps) {
    super(scope, id, { terraformResourceType: 'azuread_application_registration', terraformGeneratorMetadata: generator });
    new EntraResource(scope, `${id}Credential`, 'azuread_application_federated_identity_credential', {
      application_id: this.getStringAttribute('id'),
      display_name: 'vend-managed-identity',
      audiences: ['api://AzureADTokenExchange'],
      issuer: `https://login.microsoftonline.com/${props.tenantId}/v2.0`,
      subject: props.identityPrincipalId,
    });
  }
  get clientId(): string {
    return this.getStringAttribute('client_id');
  }
  protected override synthesizeAttributes() {
    return { display_name: this.props.displayName, sign_in_audience: 'AzureADMultipleOrgs' };
  }
}
