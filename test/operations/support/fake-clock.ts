import type { Clock } from '../../../lib/operations/client';

/** A manual clock: sleeps resolve only when the test advances time past them. */
export class FakeClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  private seq = 0;

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
    });
  }

  /** Lets pending promise callbacks run, then fires timers in time order until `done` settles. */
  async runUntil<T>(done: Promise<T>, maxSteps = 1_000_000): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    done.then(
      (value) => (outcome = { ok: true, value }),
      (error) => (outcome = { ok: false, error }),
    );
    for (let i = 0; i < maxSteps; i++) {
      await new Promise((r) => setImmediate(r));
      if (outcome) {
        if (outcome.ok) return outcome.value;
        throw outcome.error;
      }
      if (!this.timers.length) continue;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    throw new Error('fake clock: did not settle');
  }
}
