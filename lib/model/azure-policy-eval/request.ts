/**
 * The request a policy is evaluated against: a resource write (PUT) or delete, as Azure Resource
 * Manager sends it to Azure Policy, with where it happens (subscription, resource group).
 */
import type { Json } from './expression';

export type PolicyOperation = 'PUT' | 'DELETE';

export interface PolicyRequest {
  readonly operation: PolicyOperation;
  /** Full resource type, e.g. `Microsoft.Web/sites/config`. */
  readonly type: string;
  /** Name; child resources name their parents first (`app1/web`), which is the policy `fullName`. */
  readonly name: string;
  readonly id: string;
  /** The payload: `properties`, `location`, `tags`, `kind`, `identity`, `sku`. */
  readonly body: { readonly [key: string]: Json | undefined };
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
  readonly apiVersion: string;
}

export interface RequestInput {
  readonly operation?: PolicyOperation;
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly location?: string;
  readonly kind?: string;
  readonly tags?: Record<string, string>;
  readonly identity?: Json;
  readonly sku?: Json;
  readonly properties?: Json;
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
  readonly apiVersion?: string;
}

/** Builds the request, deriving the resource id from the subscription, group, type and name. */
export function policyRequest(input: RequestInput): PolicyRequest {
  const body: Record<string, Json | undefined> = {
    properties: input.properties,
    location: input.location,
    kind: input.kind,
    tags: input.tags,
    identity: input.identity,
    sku: input.sku,
  };
  return {
    operation: input.operation ?? 'PUT',
    type: input.type,
    name: input.name,
    id: input.id ?? resourceId(input),
    body,
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    apiVersion: input.apiVersion ?? '2024-01-01',
  };
}

/** `/subscriptions/<s>[/resourceGroups/<g>]/providers/<ns>/<t1>/<n1>/<t2>/<n2>…`, or the subscription itself. */
export function resourceId(input: Pick<RequestInput, 'type' | 'name' | 'subscriptionId' | 'resourceGroup'>): string {
  const sub = `/subscriptions/${input.subscriptionId}`;
  if (input.type.toLowerCase() === 'microsoft.resources/subscriptions') return sub;
  const scope = input.resourceGroup ? `${sub}/resourceGroups/${input.resourceGroup}` : sub;
  if (input.type.toLowerCase() === 'microsoft.resources/resourcegroups') return `${sub}/resourceGroups/${input.name}`;
  const [namespace, ...types] = input.type.split('/');
  const names = input.name.split('/');
  if (types.length !== names.length) throw new Error(`resource name '${input.name}' needs ${types.length} segment(s) for type ${input.type}`);
  return `${scope}/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}
