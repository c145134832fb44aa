/**
 * A local HTTPS server speaking the Azure Resource Manager REST shapes vend uses — management
 * groups (get with expand/recurse, descendants, subscriptions under a group, move), subscription
 * aliases and cancel, subscription tags, role assignments, PIM eligibility schedules and schedule
 * requests, policy assignments — so the real SDK clients, with their own deserializers, run
 * against it. It injects faults and counts the mutating operations it carried out, like the AWS
 * fault proxy. There is no ARM emulator; shapes follow the REST API reference and the SDK mappers.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TransientFaults, type FaultOptions } from './fault-proxy';
import { TEST_TLS } from './test-tls';

export const TLS_CERT = TEST_TLS.cert;
const TLS_KEY = TEST_TLS.key;

const MG = '/providers/Microsoft.Management/managementGroups';
const PAGE_SIZE = 3;

export interface ArmGroup {
  id: string;
  displayName: string;
  parent?: string;
}
export interface ArmSubscription {
  id: string;
  displayName: string;
  group: string;
  state: 'Active' | 'Disabled';
  tags: Record<string, string>;
  alias?: string;
}
export interface ArmRoleAssignment {
  scope: string;
  name: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: 'Group' | 'User' | 'ServicePrincipal';
}
export interface ArmPolicyAssignment {
  scope: string;
  name: string;
  policyDefinitionId: string;
}

export class ArmState {
  readonly groups = new Map<string, ArmGroup>();
  readonly subscriptions = new Map<string, ArmSubscription>();
  readonly roleAssignments: ArmRoleAssignment[] = [];
  readonly eligibilities: ArmRoleAssignment[] = [];
  readonly eligibilityRequests = new Map<string, unknown>();
  readonly policyAssignments: ArmPolicyAssignment[] = [];
  /** Resource group names per subscription id. */
  readonly resourceGroups = new Map<string, Set<string>>();
  /** Resource-provider registration state per subscription id and namespace. */
  readonly providers = new Map<string, Map<string, string>>();
  /** Storage accounts by `<subscription>/<group>/<name>`, as ARM returns them (wire format). */
  readonly storageAccounts = new Map<string, { account: Record<string, unknown>; blobService: Record<string, unknown>; containers: Map<string, Record<string, unknown>> }>();
  constructor(readonly tenantId: string) {
    this.groups.set(tenantId, { id: tenantId, displayName: 'Tenant Root Group' });
  }
  /** Scope ids from the tenant root down to `scope` (inclusive), for inherited listings. */
  ancestry(scope: string): string[] {
    const chain: string[] = [];
    let group: string | undefined;
    const sub = /^\/subscriptions\/([^/]+)(\/resourceGroups\/[^/]+)?$/i.exec(scope);
    if (sub) {
      if (sub[2]) chain.unshift(scope);
      chain.unshift(`/subscriptions/${sub[1]}`);
      group = this.subscriptions.get(sub[1])?.group;
    } else group = scope.split('/').pop();
    for (let g = group; g; g = this.groups.get(g)?.parent) chain.unshift(`${MG}/${g}`);
    return chain;
  }
}

export interface ArmServer {
  readonly url: string;
  readonly state: ArmState;
  readonly executed: Map<string, number>;
  readonly injected: { throttle: number; fail: number; ambiguous: number };
  /** Called after a mutating operation was carried out; return false to drop the response. */
  onExecuted?: (operation: string) => boolean | void;
  setFaults(f: FaultOptions): void;
  reset(tenantId?: string): void;
  close(): Promise<void>;
}

type Handler = (m: RegExpExecArray, req: IncomingMessage, body: unknown, q: URLSearchParams) => { status: number; body?: unknown; op?: string };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startArmServer(tenantId: string): Promise<ArmServer> {
  let state = new ArmState(tenantId);
  const faults = new TransientFaults();
  const executed = new Map<string, number>();

  const groupJson = (g: ArmGroup) => ({ id: `${MG}/${g.id}`, type: 'Microsoft.Management/managementGroups', name: g.id });
  const subUnderGroup = (s: ArmSubscription) => ({
    id: `${MG}/${s.group}/subscriptions/${s.id}`,
    type: 'Microsoft.Management/managementGroups/subscriptions',
    name: s.id,
    properties: { tenant: state.tenantId, displayName: s.displayName, parent: { id: `${MG}/${s.group}` }, state: s.state },
  });
  const children = (g: string, recurse: boolean): unknown[] => [
    ...[...state.groups.values()]
      .filter((c) => c.parent === g)
      .map((c) => ({ ...groupJson(c), displayName: c.displayName, ...(recurse ? { children: children(c.id, true) } : {}) })),
    ...[...state.subscriptions.values()].filter((s) => s.group === g).map((s) => ({ type: '/subscriptions', id: `/subscriptions/${s.id}`, name: s.id, displayName: s.displayName })),
  ];
  const group = (id: string) => {
    const g = state.groups.get(id);
    if (!g) throw new HttpError(404, 'NotFound', `management group ${id} not found`);
    return g;
  };
  const subscription = (id: string) => {
    const s = state.subscriptions.get(id);
    if (!s) throw new HttpError(404, 'SubscriptionNotFound', `subscription ${id} not found`);
    return s;
  };
  const inScope = (scope: string, q: URLSearchParams) => {
    const filter = q.get('$filter') ?? '';
    if (/atExactScope\(\)/i.test(filter)) return (s: string) => s.toLowerCase() === scope.toLowerCase();
    const chain = state.ancestry(scope).map((x) => x.toLowerCase());
    if (/atScope\(\)/i.test(filter)) return (s: string) => chain.includes(s.toLowerCase());
    // No filter: at, above and below the scope (role assignments and policy assignments alike).
    const below = `${scope.toLowerCase()}/`;
    return (s: string) => chain.includes(s.toLowerCase()) || s.toLowerCase().startsWith(below);
  };
  const roleJson = (kind: 'roleAssignments' | 'roleEligibilitySchedules', a: ArmRoleAssignment) => ({
    id: `${a.scope}/providers/Microsoft.Authorization/${kind}/${a.name}`,
    name: a.name,
    type: `Microsoft.Authorization/${kind}`,
    properties: {
      scope: a.scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      ...(kind === 'roleEligibilitySchedules' ? { status: 'Provisioned', memberType: 'Direct', createdOn: '2026-01-01T00:00:00Z' } : { createdOn: '2026-01-01T00:00:00Z' }),
    },
  });
  const policyJson = (p: ArmPolicyAssignment) => ({
    id: `${p.scope}/providers/Microsoft.Authorization/policyAssignments/${p.name}`,
    name: p.name,
    type: 'Microsoft.Authorization/policyAssignments',
    properties: { scope: p.scope, policyDefinitionId: p.policyDefinitionId, displayName: p.name, enforcementMode: 'Default' },
  });
  const SCOPE = '((?:/providers/Microsoft\\.Management/managementGroups/[^/]+)|(?:/subscriptions/[^/]+(?:/resourceGroups/[^/]+)?))';

  const routes: Array<[string, RegExp, Handler]> = [
    ['GET', new RegExp(`^${MG}/([^/]+)$`, 'i'), (m, _r, _b, q) => {
      const g = group(m[1]);
      const expand = q.get('$expand') === 'children';
      return {
        status: 200,
        body: {
          ...groupJson(g),
          properties: {
            tenantId: state.tenantId,
            displayName: g.displayName,
            details: { version: 1, updatedTime: '2026-01-01T00:00:00Z', updatedBy: 'seed', ...(g.parent ? { parent: { id: `${MG}/${g.parent}`, name: g.parent, displayName: state.groups.get(g.parent)?.displayName } } : {}) },
            ...(expand ? { children: children(g.id, q.get('$recurse') === 'true') } : {}),
          },
        },
      };
    }],
    ['GET', new RegExp(`^${MG}/([^/]+)/descendants$`, 'i'), (m) => {
      group(m[1]);
      const out: unknown[] = [];
      const walk = (id: string) => {
        for (const c of state.groups.values()) {
          if (c.parent !== id) continue;
          out.push({ ...groupJson(c), properties: { displayName: c.displayName, parent: { id: `${MG}/${id}` } } });
          walk(c.id);
        }
        for (const s of state.subscriptions.values()) {
          if (s.group === id) out.push({ id: `${MG}/${id}/subscriptions/${s.id}`, type: 'Microsoft.Management/managementGroups/subscriptions', name: s.id, properties: { displayName: s.displayName, parent: { id: `${MG}/${id}` } } });
        }
      };
      walk(m[1]);
      return { status: 200, body: { value: out } };
    }],
    ['GET', new RegExp(`^${MG}/([^/]+)/subscriptions$`, 'i'), (m) => {
      group(m[1]);
      return { status: 200, body: { value: [...state.subscriptions.values()].filter((s) => s.group === m[1]).map(subUnderGroup) } };
    }],
    ['GET', new RegExp(`^${MG}/([^/]+)/subscriptions/([^/]+)$`, 'i'), (m) => {
      const s = subscription(m[2]);
      if (s.group !== m[1]) throw new HttpError(404, 'NotFound', `subscription ${m[2]} is not under ${m[1]}`);
      return { status: 200, body: subUnderGroup(s) };
    }],
    ['PUT', new RegExp(`^${MG}/([^/]+)/subscriptions/([^/]+)$`, 'i'), (m) => {
      group(m[1]);
      const s = subscription(m[2]);
      s.group = m[1];
      return { status: 200, body: subUnderGroup(s), op: 'ManagementGroupSubscriptions.create' };
    }],
    ['GET', new RegExp(`^${MG}/([^/]+)/providers/Microsoft\\.Authorization/policyAssignments$`, 'i'), (m, _r, _b, q) => {
      group(m[1]);
      const match = inScope(`${MG}/${m[1]}`, q);
      return { status: 200, body: { value: state.policyAssignments.filter((p) => match(p.scope)).map(policyJson) } };
    }],
    ['GET', /^\/providers\/Microsoft\.Subscription\/aliases$/i, () => ({
      status: 200,
      body: { value: [...state.subscriptions.values()].filter((s) => s.alias).map((s) => aliasJson(s)) },
    })],
    ['GET', /^\/providers\/Microsoft\.Subscription\/aliases\/([^/]+)$/i, (m) => {
      const s = [...state.subscriptions.values()].find((x) => x.alias === m[1]);
      if (!s) throw new HttpError(404, 'NotFound', `alias ${m[1]} not found`);
      return { status: 200, body: aliasJson(s) };
    }],
    ['POST', /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Subscription\/cancel$/i, (m) => {
      const s = subscription(m[1]);
      if (s.state === 'Disabled') throw new HttpError(409, 'SubscriptionNotActive', `subscription ${m[1]} is already cancelled`);
      s.state = 'Disabled';
      return { status: 200, body: { subscriptionId: s.id }, op: 'Subscription.cancel' };
    }],
    ['GET', /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Resources\/tags\/default$/i, (m) => {
      const s = subscription(m[1]);
      return { status: 200, body: { id: `/subscriptions/${s.id}/providers/Microsoft.Resources/tags/default`, name: 'default', type: 'Microsoft.Resources/tags', properties: { tags: s.tags } } };
    }],
    ['PATCH', /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Resources\/tags\/default$/i, (m, _r, body) => {
      const s = subscription(m[1]);
      const b = body as { operation?: string; properties?: { tags?: Record<string, string> } };
      if (b.operation !== 'Merge') throw new HttpError(400, 'InvalidRequest', `the local ARM server models only the Merge operation, not ${b.operation}`);
      s.tags = { ...s.tags, ...b.properties?.tags };
      return { status: 200, body: { id: `/subscriptions/${s.id}/providers/Microsoft.Resources/tags/default`, name: 'default', type: 'Microsoft.Resources/tags', properties: { tags: s.tags } }, op: 'Tags.updateAtScope' };
    }],
    ['GET', /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i, (m) => {
      subscription(m[1]);
      if (!state.resourceGroups.get(m[1])?.has(m[2])) throw new HttpError(404, 'ResourceGroupNotFound', `Resource group '${m[2]}' could not be found.`);
      return { status: 200, body: { id: `/subscriptions/${m[1]}/resourceGroups/${m[2]}`, name: m[2], type: 'Microsoft.Resources/resourceGroups', location: 'westeurope', properties: { provisioningState: 'Succeeded' } } };
    }],
    ['DELETE', /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i, (m) => {
      subscription(m[1]);
      if (!state.resourceGroups.get(m[1])?.delete(m[2])) return { status: 204 };
      return { status: 202, op: 'ResourceGroups.delete' };
    }],
    ['GET', new RegExp(`^${SCOPE}/providers/Microsoft\\.Authorization/roleAssignments$`, 'i'), (m, _r, _b, q) => {
      const match = inScope(m[1], q);
      return { status: 200, body: { value: state.roleAssignments.filter((a) => match(a.scope)).map((a) => roleJson('roleAssignments', a)) } };
    }],
    ['DELETE', new RegExp(`^${SCOPE}/providers/Microsoft\\.Authorization/roleAssignments/([^/]+)$`, 'i'), (m) => {
      const i = state.roleAssignments.findIndex((a) => a.scope.toLowerCase() === m[1].toLowerCase() && a.name === m[2]);
      if (i < 0) return { status: 204 };
      const [gone] = state.roleAssignments.splice(i, 1);
      return { status: 200, body: roleJson('roleAssignments', gone), op: 'RoleAssignments.delete' };
    }],
    ['GET', new RegExp(`^${SCOPE}/providers/Microsoft\\.Authorization/roleEligibilitySchedules$`, 'i'), (m, _r, _b, q) => {
      const match = inScope(m[1], q);
      return { status: 200, body: { value: state.eligibilities.filter((a) => match(a.scope)).map((a) => roleJson('roleEligibilitySchedules', a)) } };
    }],
    ['PUT', new RegExp(`^${SCOPE}/providers/Microsoft\\.Authorization/roleEligibilityScheduleRequests/([^/]+)$`, 'i'), (m, _r, body) => {
      const id = `${m[1]}/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/${m[2]}`;
      if (state.eligibilityRequests.has(id)) throw new HttpError(409, 'RoleEligibilityScheduleRequestExists', `request ${m[2]} already exists`);
      const p = (body as { properties?: { requestType?: string; principalId?: string; roleDefinitionId?: string } }).properties ?? {};
      if (p.requestType !== 'AdminRemove') throw new HttpError(400, 'InvalidRequestType', `unsupported requestType ${p.requestType}`);
      const i = state.eligibilities.findIndex((e) => e.scope.toLowerCase() === m[1].toLowerCase() && e.principalId === p.principalId && e.roleDefinitionId === p.roleDefinitionId);
      if (i < 0) throw new HttpError(400, 'RoleAssignmentDoesNotExist', 'no eligible assignment to remove');
      state.eligibilities.splice(i, 1);
      const out = { id, name: m[2], type: 'Microsoft.Authorization/roleEligibilityScheduleRequests', properties: { ...p, scope: m[1], principalType: 'Group', status: 'Revoked', createdOn: new Date().toISOString() } };
      state.eligibilityRequests.set(id, out);
      return { status: 201, body: out, op: 'RoleEligibilityScheduleRequests.create' };
    }],
    ['GET', /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Authorization\/policyAssignments$/i, (m, _r, _b, q) => {
      subscription(m[1]);
      const match = inScope(`/subscriptions/${m[1]}`, q);
      return { status: 200, body: { value: state.policyAssignments.filter((p) => match(p.scope)).map(policyJson) } };
    }],
    ['DELETE', new RegExp(`^${SCOPE}/providers/Microsoft\\.Authorization/policyAssignments/([^/]+)$`, 'i'), (m) => {
      const i = state.policyAssignments.findIndex((p) => p.scope.toLowerCase() === m[1].toLowerCase() && p.name === m[2]);
      if (i < 0) return { status: 204 };
      const [gone] = state.policyAssignments.splice(i, 1);
      return { status: 200, body: policyJson(gone), op: 'PolicyAssignments.delete' };
    }],
    ...bootstrapRoutes(() => state, subscription),
  ];

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': 'local', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    // ARM tolerates doubled slashes (the SDKs produce `//subscriptions/...` from `/{scope}`).
    const url = new URL(`https://127.0.0.1${(req.url ?? '/').replace(/^\/{2,}/, '/')}`);
    const pathname = url.pathname.replace(/\/{2,}/g, '/');
    if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return send(res, 401, { error: { code: 'AuthenticationFailed', message: 'no bearer token' } });
    if (!url.searchParams.get('api-version')) return send(res, 400, { error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' } });
    const route = routes.find(([method, re]) => method === req.method && re.test(pathname));
    if (!route) return send(res, 404, { error: { code: 'InvalidResourceType', message: `${req.method} ${pathname} is not served by the local ARM server` } });
    const mutating = req.method !== 'GET';
    const fault = faults.transient(`${req.method} ${req.url} ${raw.toString('base64')}`);
    if (fault === 'throttle') return send(res, 429, { error: { code: 'TooManyRequests', message: 'injected throttling' } }, { 'retry-after': '0' });
    if (fault === 'fail') return send(res, 503, { error: { code: 'ServiceUnavailable', message: 'injected failure' } });
    const ambiguous = faults.ambiguous(mutating);
    let result: ReturnType<Handler>;
    try {
      result = route[2](route[1].exec(pathname)!, req, raw.length ? JSON.parse(raw.toString('utf8')) : undefined, url.searchParams);
    } catch (e) {
      if (e instanceof HttpError) return send(res, e.status, { error: { code: e.code, message: e.message } });
      return send(res, 500, { error: { code: 'InternalServerError', message: String(e) } });
    }
    if (result.op) {
      executed.set(result.op, (executed.get(result.op) ?? 0) + 1);
      if (server_.onExecuted?.(result.op) === false) return; // the client is gone
    }
    if (ambiguous) {
      faults.injected.ambiguous++;
      return send(res, 500, { error: { code: 'InternalServerError', message: 'injected failure after acting' } });
    }
    send(res, result.status, page(result.body, url, pathname));
  };

  /** Lists come back PAGE_SIZE at a time with a nextLink, as ARM pages them. */
  const page = (body: unknown, url: URL, pathname: string) => {
    const value = (body as { value?: unknown[] } | undefined)?.value;
    // Alias - List is not paged (the SDK reads one response).
    if (!Array.isArray(value) || value.length <= PAGE_SIZE || /aliases$/i.test(pathname)) return body;
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const next = new URLSearchParams(url.searchParams);
    next.set('$skiptoken', String(skip + PAGE_SIZE));
    return { value: value.slice(skip, skip + PAGE_SIZE), ...(skip + PAGE_SIZE < value.length ? { nextLink: `${server_.url}${pathname}?${next}` } : {}) };
  };

  const server: Server = createServer({ cert: TLS_CERT, key: TLS_KEY }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const server_: ArmServer = {
    url: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    get state() {
      return state;
    },
    executed,
    injected: faults.injected,
    setFaults: (f: FaultOptions) => faults.set(f),
    reset(t = tenantId) {
      state = new ArmState(t);
      executed.clear();
      faults.set({});
    },
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
  return server_;
}

function aliasJson(s: ArmSubscription) {
  return { id: `/providers/Microsoft.Subscription/aliases/${s.alias}`, name: s.alias, type: 'Microsoft.Subscription/aliases', properties: { subscriptionId: s.id, provisioningState: 'Succeeded' } };
}

/** A JWT-shaped bearer token with `oid`/`upn` claims (unsigned; the local server only checks presence). */
export function fakeArmToken(upn = 'vend-pipeline@acme.example', oid = '11111111-2222-4333-8444-555555555555'): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ upn, oid })}.`;
}

const STORAGE = '^/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/Microsoft\\.Storage/storageAccounts/([^/]+)';

/**
 * What `vend bootstrap azure` calls: subscription alias create, resource-provider registration,
 * resource group create, and storage account, blob service and container create (management plane).
 * A registration answers `Registering` once before `Registered`, as ARM's asynchronous
 * registration does.
 */
function bootstrapRoutes(state: () => ArmState, subscription: (id: string) => ArmSubscription): Array<[string, RegExp, Handler]> {
  const account = (m: RegExpExecArray) => {
    const a = state().storageAccounts.get(`${m[1]}/${m[2]}/${m[3]}`.toLowerCase());
    if (!a) throw new HttpError(404, 'ResourceNotFound', `storage account ${m[3]} not found`);
    return a;
  };
  return [
    ['PUT', /^\/providers\/Microsoft\.Subscription\/aliases\/([^/]+)$/i, (m, _r, body) => {
      const existing = [...state().subscriptions.values()].find((x) => x.alias === m[1]);
      const props = (body as { properties?: { displayName?: string; additionalProperties?: { managementGroupId?: string } } }).properties ?? {};
      if (existing) return { status: 200, body: aliasJson(existing) };
      const id = `00000000-0000-4000-b000-${String(state().subscriptions.size + 1).padStart(12, '0')}`;
      const group = props.additionalProperties?.managementGroupId?.split('/').pop() ?? state().tenantId;
      const created: ArmSubscription = { id, displayName: props.displayName ?? m[1], group, state: 'Active', tags: {}, alias: m[1] };
      state().subscriptions.set(id, created);
      return { status: 201, body: aliasJson(created), op: 'Alias.create' };
    }],
    ['GET', /^\/subscriptions\/([^/]+)\/providers\/([A-Za-z.]+)$/i, (m) => {
      subscription(m[1]);
      const registered = state().providers.get(m[1]) ?? new Map<string, string>();
      state().providers.set(m[1], registered);
      const now = registered.get(m[2]) ?? 'NotRegistered';
      if (now === 'Registering') registered.set(m[2], 'Registered');
      return { status: 200, body: { id: `/subscriptions/${m[1]}/providers/${m[2]}`, namespace: m[2], registrationState: now } };
    }],
    ['POST', /^\/subscriptions\/([^/]+)\/providers\/([A-Za-z.]+)\/register$/i, (m) => {
      subscription(m[1]);
      const registered = state().providers.get(m[1]) ?? new Map<string, string>();
      state().providers.set(m[1], registered);
      registered.set(m[2], 'Registering');
      return { status: 200, body: { id: `/subscriptions/${m[1]}/providers/${m[2]}`, namespace: m[2], registrationState: 'Registering' }, op: 'Providers.register' };
    }],
    ['PUT', /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i, (m, _r, body) => {
      subscription(m[1]);
      const groups = state().resourceGroups.get(m[1]) ?? new Set<string>();
      state().resourceGroups.set(m[1], groups);
      const created = !groups.has(m[2]);
      groups.add(m[2]);
      const b = body as { location?: string; tags?: Record<string, string> };
      return { status: created ? 201 : 200, body: { id: `/subscriptions/${m[1]}/resourceGroups/${m[2]}`, name: m[2], type: 'Microsoft.Resources/resourceGroups', location: b.location, tags: b.tags, properties: { provisioningState: 'Succeeded' } }, op: 'ResourceGroups.createOrUpdate' };
    }],
    ['GET', new RegExp(`${STORAGE}$`, 'i'), (m) => ({ status: 200, body: account(m).account })],
    ['PUT', new RegExp(`${STORAGE}$`, 'i'), (m, _r, body) => {
      subscription(m[1]);
      if (!state().resourceGroups.get(m[1])?.has(m[2])) throw new HttpError(404, 'ResourceGroupNotFound', `Resource group '${m[2]}' could not be found.`);
      const b = body as Record<string, unknown> & { properties?: Record<string, unknown> };
      const resource = {
        id: `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.Storage/storageAccounts/${m[3]}`,
        name: m[3],
        type: 'Microsoft.Storage/storageAccounts',
        location: b.location,
        kind: b.kind,
        sku: b.sku,
        tags: b.tags,
        properties: { ...(b.properties ?? {}), provisioningState: 'Succeeded' },
      };
      state().storageAccounts.set(`${m[1]}/${m[2]}/${m[3]}`.toLowerCase(), { account: resource, blobService: { id: `${resource.id}/blobServices/default`, name: 'default', type: 'Microsoft.Storage/storageAccounts/blobServices', properties: {} }, containers: new Map() });
      return { status: 200, body: resource, op: 'StorageAccounts.create' };
    }],
    ['GET', new RegExp(`${STORAGE}/blobServices/default$`, 'i'), (m) => ({ status: 200, body: account(m).blobService })],
    ['PUT', new RegExp(`${STORAGE}/blobServices/default$`, 'i'), (m, _r, body) => {
      const a = account(m);
      a.blobService = { ...a.blobService, properties: (body as { properties?: unknown }).properties ?? {} };
      return { status: 200, body: a.blobService, op: 'BlobServices.setServiceProperties' };
    }],
    ['GET', new RegExp(`${STORAGE}/blobServices/default/containers/([^/]+)$`, 'i'), (m) => {
      const c = account(m).containers.get(m[4]);
      if (!c) throw new HttpError(404, 'ContainerNotFound', `The specified container does not exist.`);
      return { status: 200, body: c };
    }],
    ['PUT', new RegExp(`${STORAGE}/blobServices/default/containers/([^/]+)$`, 'i'), (m, _r, body) => {
      const a = account(m);
      const c = { id: `${a.account.id}/blobServices/default/containers/${m[4]}`, name: m[4], type: 'Microsoft.Storage/storageAccounts/blobServices/containers', properties: (body as { properties?: unknown }).properties ?? {} };
      a.containers.set(m[4], c);
      return { status: 201, body: c, op: 'BlobContainers.create' };
    }],
  ];
}
