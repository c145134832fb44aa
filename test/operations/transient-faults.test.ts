import { TransientFaults } from './support/fault-proxy';

/**
 * The local servers' fault injection models transient faults: a request that keeps failing past
 * the client's retry budget would make the fault suites depend on how concurrent requests
 * interleave (CI once exhausted 8 attempts on one ARM list page by chance).
 */
describe('transient fault injection', () => {
  test('a request is faulted at most maxConsecutive times in a row, then goes through, and the streak starts again', () => {
    const faults = new TransientFaults({ throttle: 1, maxConsecutive: 3 });
    const seen = Array.from({ length: 8 }, () => faults.transient('GET /a'));
    expect(seen).toEqual(['throttle', 'throttle', 'throttle', undefined, 'throttle', 'throttle', 'throttle', undefined]);
    expect(faults.injected.throttle).toBe(6);
  });

  test('streaks are per request signature, and the cap defaults below the client gate\'s 8 attempts', () => {
    const faults = new TransientFaults({ fail: 1 });
    for (let i = 0; i < 3; i++) {
      expect(faults.transient('GET /a')).toBe('fail');
      expect(faults.transient('GET /b')).toBe('fail');
    }
    expect(faults.transient('GET /a')).toBeUndefined();
    expect(faults.transient('GET /b')).toBeUndefined();
  });

  test('shares are drawn from the seed: the same seed gives the same faults', () => {
    const draw = (seed: number) => {
      const f = new TransientFaults({ throttle: 0.3, fail: 0.2, seed });
      return Array.from({ length: 50 }, (_, i) => f.transient(`GET /${i}`));
    };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    expect(draw(5).filter(Boolean).length).toBeGreaterThan(10);
    expect(draw(5).filter(Boolean).length).toBeLessThan(40);
  });
});
