/**
 * How the CLI talks: results on stdout, progress and logs on stderr, outcomes as exit codes.
 * Commands write through these helpers so pipelines can parse stdout safely.
 */
/**
 * Exit codes: one meaning across every command (README "Exit codes").
 *   0 success · 1 findings (invalid input, plan conflicts, a tampered ledger) · 2 usage error
 *   3 drift found · 4 error (an operation or cloud call failed) · 5 pending (nothing failed, but
 *   the work is not finished: a closure queued on quota, a step waiting for a deploy)
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
/** Wrong usage: unknown flag or command, missing argument. */
export const EXIT_USAGE = 2;
export const EXIT_DRIFT = 3;
export const EXIT_ERROR = 4;
export const EXIT_PENDING = 5;
/** @deprecated the old catch-all; use EXIT_FINDINGS or EXIT_ERROR. */
export const EXIT_FAILURE = 1;

export function writeResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function log(text: string): void {
  process.stderr.write(text + '\n');
}

/**
 * Runs `task`, announcing it on stderr only if it takes longer than a second, so quick commands
 * stay quiet and slow ones show they are alive.
 */
export async function withProgress<T>(label: string, task: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  let announced = false;
  const timer = setTimeout(() => {
    announced = true;
    log(`${label}…`);
  }, 1000);
  try {
    return await task();
  } finally {
    clearTimeout(timer);
    if (announced) log(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** A usage error: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}
