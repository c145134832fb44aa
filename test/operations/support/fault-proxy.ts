/**
 * A fault-injecting HTTP proxy in front of moto (or the ARM test server): it throttles, fails and
 * "ambiguously fails" (forwards, lets the server act, then answers 500) a share of requests, and
 * counts the mutating operations the server really carried out — the ground truth for "no
 * operation lost or doubled". A hook sees every executed operation (used to kill a client mid-run).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

export interface FaultOptions {
  /** Share of requests answered with a throttling error (server does nothing). */
  readonly throttle?: number;
  /** Share of requests answered with 503 (server does nothing). */
  readonly fail?: number;
  /** Share of mutating requests forwarded, carried out, then answered with 500. */
  readonly ambiguous?: number;
  readonly seed?: number;
  /**
   * At most this many throttles / failures in a row for the same request (operation and body);
   * the next one goes through. Real services recover; without a cap a test could exhaust the
   * client's retries by chance, depending on how concurrent requests interleave. @default 3
   */
  readonly maxConsecutive?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Mutating operations the server carried out successfully, by name. */
  readonly executed: Map<string, number>;
  readonly injected: { throttle: number; fail: number; ambiguous: number };
  /** Called after the server carried out a mutating operation; return false to drop the response. */
  onExecuted?: (operation: string) => boolean | void;
  /**
   * Plays CloudTrail's event history, which moto lacks: every CloseAccount the server carried out
   * is recorded, and LookupEvents is answered from that record (true) or refused as a caller
   * without cloudtrail:LookupEvents would be (false), never forwarded.
   */
  trail: boolean;
  readonly closeEvents: Array<{ account: string; time: Date }>;
  /** Answers an operation with this AWS JSON error instead of forwarding it. */
  refuse?: (operation: string) => { status: number; type: string; fields?: Record<string, string> } | undefined;
  /** Answers an operation itself instead of forwarding it (an API the emulator lacks). */
  answer?: (operation: string) => { status: number; contentType: string; body: string } | undefined;
  setFaults(f: FaultOptions): void;
  close(): Promise<void>;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Decides, request by request, whether to inject a transient fault: a seeded draw against the
 * throttle and failure shares, capped at `maxConsecutive` faults in a row per request signature so
 * that whether a client exhausts its retries never depends on how concurrent requests interleave.
 */
export class TransientFaults {
  private random: () => number;
  /** Faults injected in a row, per request signature. */
  private readonly streaks = new Map<string, number>();
  readonly injected = { throttle: 0, fail: 0, ambiguous: 0 };

  constructor(private faults: FaultOptions = {}) {
    this.random = mulberry32(faults.seed ?? 1);
  }

  set(faults: FaultOptions): void {
    this.faults = faults;
    this.random = mulberry32(faults.seed ?? 1);
    this.streaks.clear();
  }

  /** The fault to answer this request with, if any. */
  transient(signature: string): 'throttle' | 'fail' | undefined {
    const streak = this.streaks.get(signature) ?? 0;
    const r = this.random();
    const fault = streak >= (this.faults.maxConsecutive ?? 3) ? undefined
      : r < (this.faults.throttle ?? 0) ? 'throttle'
      : r < (this.faults.throttle ?? 0) + (this.faults.fail ?? 0) ? 'fail'
      : undefined;
    if (!fault) {
      this.streaks.delete(signature);
      return undefined;
    }
    this.injected[fault]++;
    this.streaks.set(signature, streak + 1);
    return fault;
  }

  /**
   * Whether a mutating request that goes through is to be answered as failed after the server
   * acted; the caller counts it in `injected` when it sends that answer (a killed client gets none).
   */
  ambiguous(mutating: boolean): boolean {
    return mutating && this.random() < (this.faults.ambiguous ?? 0);
  }
}

/** The operation a request asks for: AWS JSON (X-Amz-Target), AWS query (Action=) or ARM (method + path). */
export function operationOf(req: IncomingMessage, body: Buffer): { name: string; mutating: boolean; json: boolean; arm: boolean } {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const name = target.split('.').pop()!;
    return { name, mutating: !/^(List|Describe|Get|Lookup)/.test(name), json: true, arm: false };
  }
  const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? new URL(req.url ?? '/', 'http://x').searchParams.get('Action');
  if (action) return { name: action, mutating: !/^(List|Describe|Get|AssumeRole$)/.test(action), json: false, arm: false };
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const method = req.method ?? 'GET';
  const name = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '{id}')}`;
  return { name, mutating: method !== 'GET', json: true, arm: true };
}

export async function startFaultProxy(target: string, options: FaultOptions = {}): Promise<FaultProxy> {
  const faults = new TransientFaults(options);
  const executed = new Map<string, number>();
  const upstream = new URL(target);

  const respondError = (res: ServerResponse, op: ReturnType<typeof operationOf>, status: number, code: string) => {
    if (op.arm) {
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '0' } : {}) });
      res.end(JSON.stringify({ error: { code, message: `injected ${code}` } }));
    } else if (op.json) {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code });
      res.end(JSON.stringify({ __type: code, Message: `injected ${code}` }));
    } else {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(`<ErrorResponse><Error><Type>${status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>injected ${code}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`);
    }
  };

  const proxy: FaultProxy = {
    url: '',
    executed,
    injected: faults.injected,
    trail: false,
    closeEvents: [],
    setFaults: (f) => faults.set(f),
    close: () => new Promise((r) => server.close(() => r())),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = operationOf(req, body);
      const control = (req.url ?? '').startsWith('/moto-api');
      const refusal = control ? undefined : proxy.refuse?.(op.name);
      if (refusal) {
        res.writeHead(refusal.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': refusal.type });
        return res.end(JSON.stringify({ __type: refusal.type, Message: `refused ${op.name}`, ...refusal.fields }));
      }
      const answer = control ? undefined : proxy.answer?.(op.name);
      if (answer) {
        res.writeHead(answer.status, { 'content-type': answer.contentType });
        return res.end(answer.body);
      }
      if (!control && op.name === 'LookupEvents') {
        if (proxy.trail) return answerLookup(res, body, proxy.closeEvents);
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException' });
        return res.end(JSON.stringify({ __type: 'AccessDeniedException', Message: 'not authorized to perform: cloudtrail:LookupEvents' }));
      }
      if (!control) {
        const fault = faults.transient(`${req.method} ${req.url} ${op.name} ${body.toString('base64')}`);
        if (fault === 'throttle') return respondError(res, op, op.arm ? 429 : 400, op.arm ? 'TooManyRequests' : op.json ? 'TooManyRequestsException' : 'Throttling');
        if (fault === 'fail') return respondError(res, op, 503, 'ServiceUnavailable');
      }
      const ambiguous = !control && faults.ambiguous(op.mutating);
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            const status = up.statusCode ?? 502;
            let deliver = true;
            if (!control && op.mutating && status < 300) {
              executed.set(op.name, (executed.get(op.name) ?? 0) + 1);
              if (op.name === 'CloseAccount') proxy.closeEvents.push({ account: JSON.parse(body.toString('utf8')).AccountId, time: new Date() });
              if (proxy.onExecuted?.(op.name) === false) deliver = false;
            }
            if (!deliver) return; // the client is gone (killed); never answer
            if (ambiguous) {
              faults.injected.ambiguous++;
              return respondError(res, op, 500, 'InternalFailure');
            }
            res.writeHead(status, up.headers);
            res.end(Buffer.concat(out));
          });
        },
      );
      forward.on('error', (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      forward.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  Object.assign(proxy, { url: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
  return proxy;
}

/** A LookupEvents answer with the recorded CloseAccount events in the requested window (one page). */
function answerLookup(res: ServerResponse, body: Buffer, events: ReadonlyArray<{ account: string; time: Date }>): void {
  const req = JSON.parse(body.toString('utf8') || '{}') as { StartTime?: number; EndTime?: number; LookupAttributes?: Array<{ AttributeValue?: string }> };
  const wanted = req.LookupAttributes?.[0]?.AttributeValue;
  const inWindow = events.filter((e) => (!req.StartTime || e.time.getTime() >= req.StartTime * 1000) && (!req.EndTime || e.time.getTime() <= req.EndTime * 1000 + 60_000));
  const Events = (wanted && wanted !== 'CloseAccount' ? [] : inWindow).map((e, i) => ({
    EventId: `evt-${i}`,
    EventName: 'CloseAccount',
    EventSource: 'organizations.amazonaws.com',
    EventTime: e.time.getTime() / 1000,
    CloudTrailEvent: JSON.stringify({ eventName: 'CloseAccount', eventTime: e.time.toISOString(), requestParameters: { accountId: e.account } }),
  }));
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify({ Events }));
}
