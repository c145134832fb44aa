/**
 * What every in-process bench case shares: its arguments (`N` and, for cases that read a catalog,
 * the folder the runner generated it in) and its one JSON line on stdout: seconds since the timed
 * part began, CPU seconds of the process in that time, peak RSS of the whole process (worker
 * threads included) and case-specific details.
 */
export interface CaseArguments {
  readonly n: number;
  /** The generated catalog's folder (argv[3]); the runner writes it before timing starts. */
  readonly catalogDir?: string;
}

export function caseArguments(caseName: string, minimum = 1): CaseArguments {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n < minimum) {
    process.stderr.write(`usage: node dist/bench/${caseName}.js N [catalog-dir]  (N an integer ≥ ${minimum}; got '${process.argv[2] ?? ''}')\n`);
    process.exit(2);
  }
  return { n, catalogDir: process.argv[3] };
}

export interface Timer {
  readonly started: bigint;
  readonly cpu: NodeJS.CpuUsage;
}

export function startTimer(): Timer {
  return { started: process.hrtime.bigint(), cpu: process.cpuUsage() };
}

/**
 * Prints the case's line. `details` given as a function is computed after the clock stops: the
 * bench's own bookkeeping (reading back every template to report sizes) is not the case's time.
 */
export function report(
  caseName: string,
  n: number,
  timer: Timer,
  details: Record<string, number | string> | (() => Record<string, number | string>) = {},
): void {
  const seconds = Number(process.hrtime.bigint() - timer.started) / 1e9;
  const cpu = process.cpuUsage(timer.cpu);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const extra = typeof details === 'function' ? details() : details;
  const line = { case: caseName, n, seconds: round(seconds), cpuSeconds: round((cpu.user + cpu.system) / 1e6), peakRssMb, ...extra };
  process.stdout.write(JSON.stringify(line) + '\n');
}

const round = (x: number) => Math.round(x * 1000) / 1000;
