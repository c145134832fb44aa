/**
 * Applies (or plans) every synthesized Azure stack with plain Terraform, wave by wave
 * (waves.ts), at most `parallelism` stacks at once. Every stack shares one provider plugin cache,
 * so a provider is downloaded once per run, not once per stack. A failed stack blocks only the
 * stacks that depend on it; independent stacks carry on, and the summary says what happened to
 * each. Plans never block: a plan of a unit whose subscription the tenant has not created yet
 * works because unit stacks stand in for missing tenant outputs (tenant-outputs.ts).
 *
 * Terraform behaviour relied on (developer.hashicorp.com/terraform/cli/config/config-file):
 * `TF_PLUGIN_CACHE_DIR` enables the shared cache; with no dependency lock file (synth writes
 * none) Terraform 1.4+ only links providers from the cache when
 * `TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE` is set; and the cache "is not guaranteed to be
 * concurrency safe", so the first stack initializes alone before any other starts.
 * `plan -detailed-exitcode` exits 2 when there are changes (cli/commands/plan).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyWaves, type Manifest } from './waves';

export type ApplyMode = 'apply' | 'plan';
export type StackStatus = 'applied' | 'planned' | 'failed' | 'blocked' | 'not-in-shard';

export interface ApplyOptions {
  /** cdktf output directory (manifest.json, stacks/). */
  readonly outdir: string;
  readonly mode: ApplyMode;
  /** Stacks run at once. @default DEFAULT_PARALLELISM */
  readonly parallelism?: number;
  /** Terraform's own `-parallelism` (resource operations per stack). @default 10, Terraform's default */
  readonly terraformParallelism?: number;
  /** The terraform executable. @default `terraform` from PATH */
  readonly terraform?: string;
  /** @default <outdir>/.terraform-plugin-cache */
  readonly pluginCacheDir?: string;
  /** Run only this wave (for a CI matrix per wave). @default every wave */
  readonly wave?: number;
  /** Run only the stacks of shard `index` of `count` (stable by stack name). @default all */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Environment for Terraform. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

export interface StackResult {
  readonly stack: string;
  readonly wave: number;
  readonly status: StackStatus;
  readonly seconds: number;
  /** Plans: whether the plan has changes. */
  readonly changes?: boolean;
  /** Why it failed or was blocked. */
  readonly reason?: string;
  /** Terraform's output for this stack. */
  readonly logFile?: string;
}

export interface ApplySummary {
  readonly mode: ApplyMode;
  readonly waves: string[][];
  readonly results: StackResult[];
  readonly ok: boolean;
}

/**
 * Stacks at once by default: each holds a Terraform process plus its provider plugins (the azurerm
 * plugin alone is a few hundred MB resident), which is what a 2-core, 7 GB hosted CI runner bears.
 * ARM is not the limit: each unit stack writes to its own subscription, and the tenant-level
 * token bucket refills 10 writes a second (learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
 */
export const DEFAULT_PARALLELISM = 8;

export async function runApply(options: ApplyOptions): Promise<ApplySummary> {
  const manifest = JSON.parse(readFileSync(path.join(options.outdir, 'manifest.json'), 'utf8')) as Manifest;
  const waves = applyWaves(manifest);
  const parallelism = options.parallelism ?? DEFAULT_PARALLELISM;
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`parallelism must be a whole number of at least 1, not ${parallelism}`);
  const cache = options.pluginCacheDir ?? path.join(options.outdir, '.terraform-plugin-cache');
  const logs = path.join(options.outdir, 'logs');
  mkdirSync(cache, { recursive: true });
  mkdirSync(logs, { recursive: true });
  const env = { ...(options.env ?? process.env), ...terraformEnv(cache) };
  const done = new Map<string, StackResult>();
  let warm = false;
  for (const [wave, stacks] of waves.entries()) {
    if (options.wave !== undefined && wave !== options.wave) continue;
    const mine = stacks.filter((s) => inShard(s, options.shard));
    for (const s of stacks.filter((x) => !mine.includes(x))) done.set(s, { stack: s, wave, status: 'not-in-shard', seconds: 0 });
    const queue = [...mine];
    const runOne = async (stack: string) => {
      const blocker = options.mode === 'apply' ? (manifest.stacks[stack].dependencies ?? []).find((d) => isFailure(done.get(d))) : undefined;
      if (blocker) {
        done.set(stack, { stack, wave, status: 'blocked', seconds: 0, reason: `depends on ${blocker}, which ${done.get(blocker)!.status === 'failed' ? 'failed' : 'was blocked'}` });
        options.log?.(`- ${stack}: blocked by ${blocker}`);
        return;
      }
      const result = await runStack(stack, wave, manifest, options, env, logs);
      done.set(stack, result);
      options.log?.(`${result.status === 'failed' ? '✗' : '✓'} ${stack}: ${result.status}${result.changes ? ' (changes)' : ''} in ${result.seconds.toFixed(1)} s${result.reason ? ` — ${result.reason}` : ''}`);
    };
    if (!warm && queue.length) {
      await runOne(queue.shift()!); // fills the plugin cache before anything runs concurrently
      warm = true;
    }
    await pool(queue, parallelism, runOne);
  }
  const results = waves.flat().map((s) => done.get(s)).filter((r): r is StackResult => r !== undefined);
  const summary: ApplySummary = { mode: options.mode, waves, results, ok: !results.some(isFailure) };
  writeFileSync(path.join(options.outdir, `${options.mode}-summary.json`), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

function isFailure(r: StackResult | undefined): boolean {
  return r?.status === 'failed' || r?.status === 'blocked';
}

function terraformEnv(cache: string): NodeJS.ProcessEnv {
  return {
    TF_PLUGIN_CACHE_DIR: path.resolve(cache),
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // A plan of a unit whose subscription does not exist yet must not call that subscription while
    // the provider configures (internal/resourceproviders/registration.go:25-29, azurerm v4.55.0).
    ARM_PROVIDER_ENHANCED_VALIDATION: 'false',
  };
}

/** Stable shard of a stack: FNV-1a of its name, modulo the shard count. */
export function inShard(stack: string, shard: ApplyOptions['shard']): boolean {
  if (!shard) return true;
  let hash = 0x811c9dc5;
  for (let i = 0; i < stack.length; i++) hash = Math.imul(hash ^ stack.charCodeAt(i), 0x01000193) >>> 0;
  return hash % shard.count === shard.index;
}

async function runStack(stack: string, wave: number, manifest: Manifest, options: ApplyOptions, env: NodeJS.ProcessEnv, logs: string): Promise<StackResult> {
  const started = Date.now();
  const dir = path.join(options.outdir, manifest.stacks[stack].workingDirectory);
  const logFile = path.join(logs, `${stack}.log`);
  const out = createWriteStream(logFile);
  const seconds = () => (Date.now() - started) / 1000;
  const tf = (args: string[]) => terraform(options.terraform ?? 'terraform', [`-chdir=${dir}`, ...args], env, out);
  try {
    const init = await tf(['init', '-input=false', '-no-color']);
    if (init !== 0) return { stack, wave, status: 'failed', seconds: seconds(), reason: `terraform init exited ${init}`, logFile };
    const parallel = `-parallelism=${options.terraformParallelism ?? 10}`;
    if (options.mode === 'plan') {
      const code = await tf(['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', parallel]);
      if (code !== 0 && code !== 2) return { stack, wave, status: 'failed', seconds: seconds(), reason: `terraform plan exited ${code}`, logFile };
      return { stack, wave, status: 'planned', seconds: seconds(), changes: code === 2, logFile };
    }
    const code = await tf(['apply', '-input=false', '-no-color', '-auto-approve', '-lock-timeout=5m', parallel]);
    if (code !== 0) return { stack, wave, status: 'failed', seconds: seconds(), reason: `terraform apply exited ${code}`, logFile };
    return { stack, wave, status: 'applied', seconds: seconds(), logFile };
  } catch (err) {
    return { stack, wave, status: 'failed', seconds: seconds(), reason: (err as Error).message, logFile };
  } finally {
    out.end();
  }
}

function terraform(binary: string, args: string[], env: NodeJS.ProcessEnv, out: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    out.write(`$ terraform ${args.join(' ')}\n`);
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', (err) => reject(new Error(`cannot run ${binary}: ${err.message}`)));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
