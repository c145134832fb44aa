/**
 * The Azure side of the client layer: the ARM SDK clients with their own retries off, every
 * request sent through the shared ApiGate as `arm:read:<operation>` or `arm:write:<operation>`.
 * Endpoint: `endpoint` option, else VEND_ARM_ENDPOINT, else public Azure. Credentials:
 * DefaultAzureCredential (which covers pipeline OIDC) unless one is given.
 */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagementGroupsAPI } from '@azure/arm-managementgroups';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceManagementClient } from '@azure/arm-resources';
import { StorageManagementClient } from '@azure/arm-storage';
import { SubscriptionClient } from '@azure/arm-subscriptions';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { ApiGate, type GateOptions } from '../client';

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

export interface AzureClientOptions {
  /** @default VEND_ARM_ENDPOINT, else https://management.azure.com */
  readonly endpoint?: string;
  /** @default DefaultAzureCredential */
  readonly credential?: TokenCredential;
  /** Extra CA certificate(s) to trust (a local test server's). @default the system's */
  readonly tlsCa?: string;
  /** Tenant root management group id. */
  readonly tenantId: string;
  readonly gate?: ApiGate;
  readonly gateOptions?: GateOptions;
}

export class AzureClients {
  readonly gate: ApiGate;
  readonly endpoint: string;
  readonly tenantId: string;
  readonly credential: TokenCredential;
  readonly managementGroups: ManagementGroupsAPI;
  readonly subscriptions: SubscriptionClient;
  readonly policy: PolicyClient;
  private readonly authorizationClients = new Map<string, AuthorizationManagementClient>();
  private readonly policyClients = new Map<string, PolicyClient>();
  private readonly resourceClients = new Map<string, ResourceManagementClient>();
  private readonly storageClients = new Map<string, StorageManagementClient>();

  constructor(private readonly options: AzureClientOptions) {
    this.gate = options.gate ?? new ApiGate(options.gateOptions);
    this.endpoint = (options.endpoint ?? process.env.VEND_ARM_ENDPOINT ?? PUBLIC_ARM_ENDPOINT).replace(/\/+$/, '');
    this.tenantId = options.tenantId;
    this.credential = options.credential ?? new DefaultAzureCredential();
    this.managementGroups = new ManagementGroupsAPI(this.credential, this.clientOptions());
    this.subscriptions = new SubscriptionClient(this.credential, this.clientOptions());
    this.policy = new PolicyClient(this.credential, '00000000-0000-0000-0000-000000000000', this.clientOptions());
  }

  authorization(subscriptionId: string): AuthorizationManagementClient {
    let c = this.authorizationClients.get(subscriptionId);
    if (!c) this.authorizationClients.set(subscriptionId, (c = new AuthorizationManagementClient(this.credential, subscriptionId, this.clientOptions())));
    return c;
  }

  policyFor(subscriptionId: string): PolicyClient {
    let c = this.policyClients.get(subscriptionId);
    if (!c) this.policyClients.set(subscriptionId, (c = new PolicyClient(this.credential, subscriptionId, this.clientOptions())));
    return c;
  }

  /** Resource groups and resource-provider registration in a subscription. */
  resources(subscriptionId: string): ResourceManagementClient {
    let c = this.resourceClients.get(subscriptionId);
    if (!c) this.resourceClients.set(subscriptionId, (c = new ResourceManagementClient(this.credential, subscriptionId, this.modularClientOptions())));
    return c;
  }

  /** Storage accounts, blob services and containers (management plane only) in a subscription. */
  storage(subscriptionId: string): StorageManagementClient {
    let c = this.storageClients.get(subscriptionId);
    if (!c) this.storageClients.set(subscriptionId, (c = new StorageManagementClient(this.credential, subscriptionId, this.modularClientOptions())));
    return c;
  }

  read<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return this.gate.call(`arm:read:${operation}`, fn);
  }

  write<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return this.gate.call(`arm:write:${operation}`, fn, { mutating: true });
  }

  /**
   * Collects a paged SDK listing, each page one gated request. A failed page is fetched again
   * from its continuation token through a fresh iterator (a failed async iterator cannot resume).
   */
  async list<T>(
    operation: string,
    make: () => { byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[]> },
    tokenOf: (page: unknown) => string | undefined,
  ): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await this.read(operation, async () => (await make().byPage(token ? { continuationToken: token } : undefined).next()) as IteratorResult<T[]>);
      if (page.done) break;
      out.push(...page.value);
      token = tokenOf(page.value);
      if (!token) break;
    }
    return out;
  }

  /**
   * A plain ARM request through the SDK pipeline (credential, TLS, the gate), for the few
   * Microsoft.Resources calls vend needs without a resources SDK. 429 and 5xx become errors the
   * gate's classifier retries (reads) or surfaces (writes); other statuses are returned.
   */
  async request(operation: string, method: 'GET' | 'DELETE' | 'PATCH', path: string, apiVersion: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
    const { createHttpHeaders, createPipelineRequest } = await import('@azure/core-rest-pipeline');
    const url = `${this.endpoint}${path}?api-version=${apiVersion}`;
    const send = async () => {
      const request = createPipelineRequest({ url, method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: createHttpHeaders({ 'content-type': 'application/json' }) }) });
      const r = await this.managementGroups.sendRequest(request);
      if (r.status === 429 || r.status >= 500) {
        throw Object.assign(new Error(`${method} ${path}: ${r.status}`), { name: 'RestError', statusCode: r.status, response: { headers: r.headers } });
      }
      return { status: r.status, body: r.bodyAsText ? (JSON.parse(r.bodyAsText) as unknown) : undefined, headers: r.headers.toJSON() };
    };
    return method === 'GET' ? this.read(operation, send) : this.write(operation, send);
  }

  /** Tags of a subscription (Microsoft.Resources/tags/default). */
  async subscriptionTags(subscriptionId: string): Promise<Record<string, string>> {
    const path = `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/tags/default`;
    const r = await this.request('Tags.getAtScope', 'GET', path, '2021-04-01');
    if (r.status === 404) return {};
    if (r.status >= 400) throw Object.assign(new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`), { statusCode: r.status });
    return (r.body as { properties?: { tags?: Record<string, string> } }).properties?.tags ?? {};
  }

  /** The caller's principal (object id / upn claims of the ARM token), for the audit ledger. */
  async principal(): Promise<string | undefined> {
    const token: AccessToken | null = await this.credential.getToken(`${this.endpoint}/.default`);
    if (!token) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString('utf8')) as Record<string, string>;
      const who = claims.upn ?? claims.unique_name ?? claims.appid ?? claims.oid;
      return who ? `azure:${who}${claims.oid && claims.oid !== who ? ` (${claims.oid})` : ''}` : undefined;
    } catch {
      return undefined;
    }
  }

  /** The same settings for the TypeSpec-generated ("modular") clients, which name them differently. */
  private modularClientOptions() {
    return {
      endpoint: this.endpoint,
      credentials: { scopes: [`${this.endpoint}/.default`] },
      retryOptions: { maxRetries: 0 },
      ...(this.options.tlsCa ? { tlsOptions: { ca: this.options.tlsCa } } : {}),
    };
  }

  private clientOptions() {
    return {
      endpoint: this.endpoint,
      credentialScopes: [`${this.endpoint}/.default`],
      retryOptions: { maxRetries: 0 },
      ...(this.options.tlsCa ? { tlsOptions: { ca: this.options.tlsCa } } : {}),
    };
  }
}

/** A fixed-token credential, for local test servers only. */
export function staticTokenCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}
