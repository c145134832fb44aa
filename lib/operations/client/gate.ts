import { systemClock, type Clock } from './clock';
import { limitFor, type ApiLimit } from './limits';
import { backoffMs, classifyError, type BackoffOptions, type RetryDecision } from './retry';
import { Semaphore } from './semaphore';
import { TokenBucket } from './token-bucket';

export interface GateOptions {
  /** Per-API or per-service limits that replace the published ones (keys as in limits.ts). */
  readonly limits?: Readonly<Record<string, ApiLimit>>;
  /** Disable rate limiting (tests against a local server); retries and concurrency still apply. @default false */
  readonly unlimited?: boolean;
  /** Calls in flight at once, all APIs together. @default 8 */
  readonly concurrency?: number;
  /** Attempts per call, the first included. @default 8 */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
  /** Receives one line per retry. @default silent */
  readonly log?: (message: string) => void;
}

export interface ApiStats {
  /** Requests sent, retries included. */
  requests: number;
  /** Logical calls (what the caller asked for). */
  calls: number;
  retries: number;
  throttled: number;
  failed: number;
}

/** Raised when a retryable error persists past maxAttempts. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly api: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`${api}: gave up after ${attempts} attempts: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * The one client layer both clouds go through: a token bucket per API, bounded concurrency and a
 * single retry classifier with jittered backoff. Each logical call is sent until it succeeds, fails
 * with a non-retryable error, or runs out of attempts; it is never sent again after a success.
 */
export class ApiGate {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly perApi = new Map<string, Semaphore>();
  private readonly overall: Semaphore;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly counters = new Map<string, ApiStats>();

  constructor(private readonly options: GateOptions = {}) {
    this.overall = new Semaphore(options.concurrency ?? 8);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  /**
   * Sends `fn` until it succeeds. A `mutating` call is only resent after errors that mean the
   * server did not act (throttling, concurrent modification); after an ambiguous failure (5xx,
   * dropped connection) it is surfaced, so the caller re-reads the real state before acting again
   * and an operation is never doubled.
   */
  async call<T>(api: string, fn: () => Promise<T>, options: { mutating?: boolean } = {}): Promise<T> {
    const stats = this.stats(api);
    stats.calls++;
    for (let attempt = 1; ; attempt++) {
      await this.bucket(api)?.take();
      const perApi = this.apiSemaphore(api);
      await perApi?.acquire();
      let decision: RetryDecision;
      let error: unknown;
      try {
        await this.overall.acquire();
        stats.requests++;
        try {
          return await fn();
        } finally {
          this.overall.release();
        }
      } catch (e) {
        error = e;
        decision = classifyError(e);
      } finally {
        perApi?.release();
      }
      if (!decision.retry || (options.mutating && !isRejectedUnprocessed(decision))) {
        stats.failed++;
        throw error;
      }
      if (decision.reason === 'throttled') {
        stats.throttled++;
        this.bucket(api)?.drain();
      }
      if (attempt >= this.maxAttempts) {
        stats.failed++;
        throw new RetriesExhaustedError(api, attempt, error);
      }
      stats.retries++;
      const delay = backoffMs(attempt - 1, this.random, decision, this.options.backoff);
      this.options.log?.(`${api}: ${decision.reason} (${(error as Error)?.name ?? 'error'}), retry ${attempt} in ${delay} ms`);
      await this.clock.sleep(delay);
    }
  }

  /** Per-API counters, sorted by API name. */
  snapshot(): Record<string, ApiStats> {
    return Object.fromEntries([...this.counters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, { ...v }]));
  }

  totalRequests(): number {
    let n = 0;
    for (const s of this.counters.values()) n += s.requests;
    return n;
  }

  private stats(api: string): ApiStats {
    let s = this.counters.get(api);
    if (!s) this.counters.set(api, (s = { requests: 0, calls: 0, retries: 0, throttled: 0, failed: 0 }));
    return s;
  }

  private bucket(api: string): TokenBucket | undefined {
    if (this.options.unlimited) return undefined;
    let b = this.buckets.get(api);
    if (!b) {
      const limit = limitFor(api, this.options.limits);
      this.buckets.set(api, (b = new TokenBucket(limit.rate, limit.burst, this.clock)));
    }
    return b;
  }

  private apiSemaphore(api: string): Semaphore | undefined {
    const limit = limitFor(api, this.options.limits);
    if (!limit.concurrency) return undefined;
    let s = this.perApi.get(api);
    if (!s) this.perApi.set(api, (s = new Semaphore(limit.concurrency)));
    return s;
  }
}

/** Throttled or conflicting requests were refused before the server acted on them. */
function isRejectedUnprocessed(decision: RetryDecision): boolean {
  return decision.reason === 'throttled' || decision.reason === 'conflict';
}

/** Formats per-API counters for `--stats` (stderr). */
export function formatStats(stats: Record<string, ApiStats>): string {
  const rows = Object.entries(stats).map(([api, s]) => `${api.padEnd(52)} ${String(s.requests).padStart(6)} ${String(s.retries).padStart(7)} ${String(s.throttled).padStart(9)}`);
  const total = Object.values(stats).reduce((n, s) => n + s.requests, 0);
  return [`${'API'.padEnd(52)} ${'calls'.padStart(6)} ${'retries'.padStart(7)} ${'throttled'.padStart(9)}`, ...rows, `${'total'.padEnd(52)} ${String(total).padStart(6)}`].join('\n');
}
