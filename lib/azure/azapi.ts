/**
 * The few Azure/azapi blocks vend needs where azurerm has no argument for the ARM property:
 * creating a subscription alias with `additionalProperties.managementGroupId` (so it is born in its
 * management group; azurerm_subscription has no such argument, internal/services/subscription/
 * subscription_resource.go:54-118 at v4.55.0) and moving a subscription between management groups
 * with a single PUT (never detaching it to the tenant root first).
 *
 * Behaviour relied on (terraform-provider-azapi at tag v2.12.0):
 *  - `azapi_resource` create refuses a resource that already exists ("Resource already exists",
 *    internal/services/azapi_resource.go:874-883): the ControlPlane subscription `vend bootstrap azure`
 *    created is brought into state with an `import` block instead (ImportState, :1338-1352 parses
 *    `<id>?api-version=<v>`).
 *  - `azapi_resource_action` runs its request on create and when its body changes (:343-410 of
 *    internal/services/azapi_resource_action_resource.go), replaces itself when `resource_id`
 *    changes (:137-140), never calls Azure on read (:424-435) and does nothing on destroy unless
 *    `when = "destroy"` (:413-421). A placement change is therefore one PUT under the new group,
 *    and dropping the block never moves anything.
 *
 * No prebuilt azapi bindings are installed, so these are typed wrappers over the CDKTF core classes;
 * `AZAPI_SCHEMA` lists the arguments they use and the structural tests check every block against it.
 */
import type { Construct } from 'constructs';
import { TerraformDataSource, TerraformProvider, TerraformResource, type TerraformResourceLifecycle } from './cdktf';

export const AZAPI_PROVIDER = { source: 'Azure/azapi', version: '~> 2.12' } as const;

const generator = { providerName: 'azapi', providerVersionConstraint: AZAPI_PROVIDER.version };

/** Arguments (and readable attributes) of the azapi types vend synthesizes. */
export const AZAPI_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  azapi_resource: ['type', 'name', 'parent_id', 'body', 'response_export_values', 'id', 'output'],
  azapi_resource_action: ['type', 'resource_id', 'method', 'body', 'id', 'output'],
};

export class AzapiProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly tenantId: string) {
    super(scope, id, { terraformResourceType: 'azapi', terraformGeneratorMetadata: generator, terraformProviderSource: AZAPI_PROVIDER.source });
  }
  protected override synthesizeAttributes() {
    return { tenant_id: this.tenantId, use_oidc: true };
  }
}

export interface AzapiResourceProps {
  /** `<resource type>@<api version>`. */
  readonly type: string;
  readonly name: string;
  readonly parentId: string;
  readonly body: Record<string, unknown>;
  /** Response paths to export into `output`. @default none */
  readonly responseExportValues?: readonly string[];
  readonly lifecycle?: TerraformResourceLifecycle;
}

export class AzapiResource extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly props: AzapiResourceProps) {
    super(scope, id, { terraformResourceType: 'azapi_resource', terraformGeneratorMetadata: generator, lifecycle: props.lifecycle });
  }
  /** A value exported through `response_export_values`, e.g. `properties.subscriptionId`. */
  exported(path: string): string {
    return this.getStringAttribute(`output.${path}`);
  }
  protected override synthesizeAttributes() {
    const p = this.props;
    return { type: p.type, name: p.name, parent_id: p.parentId, body: p.body, response_export_values: p.responseExportValues ? [...p.responseExportValues] : undefined };
  }
}

export interface AzapiResourceActionProps {
  readonly type: string;
  readonly resourceId: string;
  readonly method: 'PUT' | 'POST' | 'PATCH';
  readonly body?: Record<string, unknown>;
}

export class AzapiResourceAction extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly props: AzapiResourceActionProps) {
    super(scope, id, { terraformResourceType: 'azapi_resource_action', terraformGeneratorMetadata: generator });
  }
  protected override synthesizeAttributes() {
    const p = this.props;
    return { type: p.type, resource_id: p.resourceId, method: p.method, body: p.body };
  }
}

export interface AzapiResourceDataProps {
  /** `<resource type>@<api version>`. */
  readonly type: string;
  readonly name: string;
  readonly parentId: string;
  /** Response paths to export into `output`. */
  readonly responseExportValues: readonly string[];
}

/** `data "azapi_resource"`: reads an existing resource (a GET) without managing it. */
export class AzapiResourceData extends TerraformDataSource {
  constructor(scope: Construct, id: string, private readonly props: AzapiResourceDataProps) {
    super(scope, id, { terraformResourceType: 'azapi_resource', terraformGeneratorMetadata: generator });
  }
  /** A value exported through `response_export_values`, e.g. `properties.subscriptionId`. */
  exported(path: string): string {
    return this.getStringAttribute(`output.${path}`);
  }
  protected override synthesizeAttributes() {
    const p = this.props;
    return { type: p.type, name: p.name, parent_id: p.parentId, response_export_values: [...p.responseExportValues] };
  }
}
