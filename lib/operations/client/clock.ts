/** Time as the client layer sees it, so tests can run throttling and backoff on a fake clock. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
