import type { Clock } from './clock';

/**
 * A token bucket that hands out reservations in arrival order: each caller takes a token now,
 * possibly driving the balance negative, and waits until the refill has paid the debt back.
 * So waiters are served first-come first-served, and the long-run rate never exceeds `ratePerSecond`.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly clock: Clock,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`token bucket rate must be > 0, got ${ratePerSecond}`);
    if (!(burst >= 1)) throw new Error(`token bucket burst must be >= 1, got ${burst}`);
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  /** Milliseconds the caller must wait before using the token it has just reserved. */
  reserve(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.ratePerSecond) * 1000;
  }

  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** Called after the server throttled us anyway: spend the bucket so followers slow down too. */
  drain(): void {
    this.tokens = Math.min(this.tokens, 0);
  }
}
