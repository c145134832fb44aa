/**
 * One retry classifier for both clouds. AWS SDK v3 errors carry `name` and `$metadata`; Azure
 * `RestError`s carry `statusCode`, `code` and the response headers.
 */

export type RetryReason = 'throttled' | 'conflict' | 'server' | 'network';

export interface RetryDecision {
  readonly retry: boolean;
  readonly reason?: RetryReason;
  /** Server-requested delay (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
}

const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'TooManyRequests',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const CONFLICT_CODES = new Set(['ConcurrentModificationException', 'OperationInProgress', 'AnotherOperationInProgress']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  statusCode?: number;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string> };
  cause?: unknown;
}

export function classifyError(error: unknown): RetryDecision {
  if (!error || typeof error !== 'object') return { retry: false };
  const e = error as ErrorShape;
  const code = e.name && e.name !== 'Error' ? e.name : (e.code ?? e.Code ?? '');
  const altCode = e.code ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode ?? e.statusCode;
  const retryAfterMs = retryAfter(e);
  if (THROTTLE_CODES.has(code) || THROTTLE_CODES.has(altCode) || status === 429) {
    return { retry: true, reason: 'throttled', retryAfterMs };
  }
  if (CONFLICT_CODES.has(code) || CONFLICT_CODES.has(altCode) || status === 409 && /Conflict|InProgress/i.test(altCode)) {
    return { retry: true, reason: 'conflict', retryAfterMs };
  }
  if (status !== undefined && status >= 500 && status !== 501) return { retry: true, reason: 'server', retryAfterMs };
  if (NETWORK_CODES.has(altCode) || NETWORK_CODES.has(code) || code === 'TimeoutError' || altCode === 'REQUEST_SEND_ERROR') {
    return { retry: true, reason: 'network' };
  }
  if (e.cause && e.cause !== error) {
    const inner = classifyError(e.cause);
    if (inner.retry && inner.reason === 'network') return inner;
  }
  return { retry: false };
}

function retryAfter(e: ErrorShape): number | undefined {
  let value: string | undefined;
  const h = e.response?.headers;
  if (h && typeof (h as { get?: unknown }).get === 'function') value = (h as { get(n: string): string | undefined }).get('retry-after');
  else if (h) value = (h as Record<string, string>)['retry-after'] ?? (h as Record<string, string>)['Retry-After'];
  value ??= e.$response?.headers?.['retry-after'];
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export interface BackoffOptions {
  /** @default 200 ms */
  readonly baseMs?: number;
  /** @default 20 s */
  readonly capMs?: number;
}

/** "Full jitter" exponential backoff, never shorter than what the server asked for. */
export function backoffMs(attempt: number, random: () => number, decision: RetryDecision, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 200;
  const cap = options.capMs ?? 20_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 20));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, decision.retryAfterMs ?? 0);
}
