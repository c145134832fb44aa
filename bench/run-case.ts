/**
 * One run of one case in its own Node process, so peak RSS is the case's own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BenchCase } from './cases';

export interface RunResult {
  readonly case: string;
  readonly n: number;
  readonly run: number;
  readonly seconds?: number;
  readonly cpuSeconds?: number;
  readonly peakRssMb?: number;
  readonly error?: string;
  readonly [detail: string]: unknown;
}

const BENCH_DIR = __dirname;
const VEND = path.resolve(__dirname, '../bin/vend.js');

function childEnv(benchCase: BenchCase, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', ...extra };
  for (const [k, v] of Object.entries(benchCase.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** `cacheDir` is the run's VEND_CACHE_DIR (cases.ts `warmBy`). */
export function runCase(benchCase: BenchCase, n: number, run: number, catalogDir: string | undefined, cacheDir: string): RunResult {
  return benchCase.cli ? runCli(benchCase, n, run, catalogDir!, cacheDir) : runScript(benchCase, n, run, catalogDir, cacheDir);
}

function runScript(benchCase: BenchCase, n: number, run: number, catalogDir: string | undefined, cacheDir: string): RunResult {
  const script = path.join(BENCH_DIR, `${benchCase.name}.js`);
  const args = [script, String(n), ...(catalogDir ? [catalogDir] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: childEnv(benchCase, { VEND_CACHE_DIR: cacheDir }), maxBuffer: 64 << 20 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) return { case: benchCase.name, n, run, error: `exit ${child.status ?? child.signal}` };
  return { ...(JSON.parse(line) as object), case: benchCase.name, n, run };
}

function runCli(benchCase: BenchCase, n: number, run: number, catalogDir: string, cacheDir: string): RunResult {
  const work = mkdtempSync(path.join(tmpdir(), `vend-bench-${benchCase.name}-`));
  const probe = path.join(work, 'probe.json');
  try {
    const args = ['-r', path.join(BENCH_DIR, 'cli-probe.js'), VEND, ...benchCase.cli!(catalogDir, work)];
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(benchCase, { VEND_BENCH_PROBE: probe, VEND_CACHE_DIR: cacheDir }),
      maxBuffer: 64 << 20,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) {
      const why = child.stderr.trim().split('\n').slice(-3).join(' / ');
      return { case: benchCase.name, n, run, error: `exit ${child.status ?? child.signal}: ${why}` };
    }
    const measured = JSON.parse(readFileSync(probe, 'utf8')) as { cpuSeconds: number; peakRssMb: number };
    return { case: benchCase.name, n, run, seconds: Math.round(seconds * 1000) / 1000, cpuSeconds: measured.cpuSeconds, peakRssMb: measured.peakRssMb };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
