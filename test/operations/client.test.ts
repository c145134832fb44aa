import fc from 'fast-check';
import { ApiGate, backoffMs, classifyError, RetriesExhaustedError, Semaphore, TokenBucket } from '../../lib/operations/client';
import { FakeClock } from './support/fake-clock';

const awsError = (name: string, status = 400) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const armError = (status: number, retryAfter?: string) =>
  Object.assign(new Error(`status ${status}`), { name: 'RestError', statusCode: status, response: { headers: { get: (h: string) => (h === 'retry-after' ? retryAfter : undefined) } } });

describe('the retry classifier', () => {
  test.each([
    ['AWS throttling', awsError('ThrottlingException'), 'throttled'],
    ['Organizations TooManyRequestsException', awsError('TooManyRequestsException'), 'throttled'],
    ['ConcurrentModificationException', awsError('ConcurrentModificationException'), 'conflict'],
    ['an AWS 503', awsError('ServiceUnavailable', 503), 'server'],
    ['an ARM 429', armError(429), 'throttled'],
    ['an ARM 500', armError(500), 'server'],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network'],
  ])('retries %s', (_what, error, reason) => {
    expect(classifyError(error)).toMatchObject({ retry: true, reason });
  });

  test.each([
    ['AccessDenied', awsError('AccessDeniedException')],
    ['a validation error', awsError('ValidationException')],
    ['an ARM 404', armError(404)],
    ['an ARM 400', armError(400)],
    ['a non-error', 'boom'],
  ])('fails fast on %s', (_what, error) => {
    expect(classifyError(error).retry).toBe(false);
  });

  test('reads Retry-After seconds from an ARM response', () => {
    expect(classifyError(armError(429, '7')).retryAfterMs).toBe(7000);
  });

  test('backoff never undercuts Retry-After and stays under the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.option(fc.integer({ min: 0, max: 60_000 })), (attempt, r, after) => {
        const d = backoffMs(attempt, () => r, { retry: true, retryAfterMs: after ?? undefined }, { baseMs: 100, capMs: 10_000 });
        expect(d).toBeGreaterThanOrEqual(after ?? 0);
        expect(d).toBeLessThanOrEqual(Math.max(10_000, after ?? 0));
      }),
    );
  });
});

describe('the token bucket', () => {
  test('never lets more than burst + rate × window through in any window', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 60 }),
        (rate, burst, gaps) => {
          const clock = new FakeClock();
          let t = 0;
          Object.assign(clock, { now: () => t });
          const bucket = new TokenBucket(rate, burst, clock);
          const sent: number[] = [];
          for (const gap of gaps) {
            t += gap;
            sent.push(t + bucket.reserve());
          }
          sent.sort((a, b) => a - b);
          for (let i = 0; i < sent.length; i++) {
            for (let j = i; j < sent.length; j++) {
              const window = (sent[j] - sent[i]) / 1000;
              expect(j - i + 1).toBeLessThanOrEqual(burst + rate * window + 1e-6);
            }
          }
        },
      ),
    );
  });

  test('CloseAccount is paced at about one call per 20 seconds', async () => {
    const clock = new FakeClock();
    const gate = new ApiGate({ clock, random: () => 0 });
    const times: number[] = [];
    await clock.runUntil(Promise.all([1, 2, 3].map(() => gate.call('organizations:CloseAccount', async () => times.push(clock.now())))));
    expect(times).toEqual([0, 20_000, 40_000]);
  });
});

describe('the semaphore', () => {
  test('never has more holders than its limit', async () => {
    const s = new Semaphore(3);
    let inUse = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.with(async () => {
          peak = Math.max(peak, ++inUse);
          await new Promise((r) => setTimeout(r, i % 3));
          inUse--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});

describe('the gate', () => {
  test('under random throttling, every call succeeds exactly once and none is lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), async (failures, concurrency) => {
        const clock = new FakeClock();
        const gate = new ApiGate({ clock, concurrency, maxAttempts: 8, random: () => 0.5, limits: { 'organizations:MoveAccount': { rate: 2, burst: 5 } } });
        const executed = new Map<number, number>();
        let inFlight = 0;
        let peak = 0;
        const calls = failures.map((fails, i) => {
          let attempts = 0;
          return gate.call(
            'organizations:MoveAccount',
            async () => {
              peak = Math.max(peak, ++inFlight);
              await clock.sleep(10);
              inFlight--;
              if (attempts++ < fails) throw awsError(attempts % 2 ? 'TooManyRequestsException' : 'ConcurrentModificationException');
              executed.set(i, (executed.get(i) ?? 0) + 1);
              return i;
            },
            { mutating: true },
          );
        });
        const results = await clock.runUntil(Promise.all(calls));
        expect(results).toEqual(failures.map((_, i) => i));
        expect([...executed.values()].every((n) => n === 1)).toBe(true);
        expect(executed.size).toBe(failures.length);
        expect(peak).toBeLessThanOrEqual(concurrency);
        const stats = gate.snapshot()['organizations:MoveAccount'];
        expect(stats.calls).toBe(failures.length);
        expect(stats.requests).toBe(failures.length + failures.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 40 },
    );
  });

  test('keeps at most 3 CloseAccount calls in flight, whatever the overall bound', async () => {
    const clock = new FakeClock();
    const gate = new ApiGate({ clock, concurrency: 10, limits: { 'organizations:CloseAccount': { rate: 100, burst: 100, concurrency: 3 } } });
    let inFlight = 0;
    let peak = 0;
    await clock.runUntil(
      Promise.all(
        Array.from({ length: 8 }, () =>
          gate.call('organizations:CloseAccount', async () => {
            peak = Math.max(peak, ++inFlight);
            await clock.sleep(1000);
            inFlight--;
          }),
        ),
      ),
    );
    expect(peak).toBe(3);
  });

  test('does not resend a mutating call after an ambiguous 5xx; the caller re-reads state', async () => {
    const clock = new FakeClock();
    const gate = new ApiGate({ clock });
    let sent = 0;
    const call = gate.call('organizations:CloseAccount', async () => {
      sent++;
      throw awsError('InternalFailure', 500);
    }, { mutating: true });
    await expect(clock.runUntil(call)).rejects.toThrow('InternalFailure');
    expect(sent).toBe(1);
  });

  test('resends reads after a 5xx and honours Retry-After', async () => {
    const clock = new FakeClock();
    const gate = new ApiGate({ clock, unlimited: true, random: () => 0 });
    const at: number[] = [];
    const out = await clock.runUntil(
      gate.call('arm:read:ManagementGroups.get', async () => {
        at.push(clock.now());
        if (at.length < 3) throw armError(at.length === 1 ? 503 : 429, '2');
        return 'ok';
      }),
    );
    expect(out).toBe('ok');
    expect(at).toEqual([0, 2000, 4000]);
  });

  test('fails with RetriesExhaustedError when throttling never stops', async () => {
    const clock = new FakeClock();
    const gate = new ApiGate({ clock, maxAttempts: 4, unlimited: true });
    await expect(clock.runUntil(gate.call('organizations:ListRoots', async () => Promise.reject(awsError('ThrottlingException'))))).rejects.toBeInstanceOf(
      RetriesExhaustedError,
    );
    expect(gate.snapshot()['organizations:ListRoots']).toMatchObject({ requests: 4, throttled: 4, failed: 1 });
  });
});
