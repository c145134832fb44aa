/**
 * `node dist/lib/azure/apply/main.js [--out cdktf.out] [--plan] [--parallelism N] [--wave N] [--shard I/N]`:
 * applies (or plans) the synthesized Azure stacks wave by wave and prints a summary; the full
 * summary (per stack: status, seconds, log file) is written to <out>/apply-summary.json or
 * plan-summary.json. Exit codes: 0 every stack succeeded, 4 some stack failed or was blocked,
 * 2 bad usage (lib/cli/io.ts).
 */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_PARALLELISM, runApply, type ApplySummary } from './runner';

const EXIT = { ok: 0, usage: 2, error: 4 } as const;

function whole(min: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    return n;
  };
}

function shard(value: string) {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new InvalidArgumentError('must be I/N with 0 ≤ I < N, e.g. 0/4');
  return { index: Number(m[1]), count: Number(m[2]) };
}

export function summaryText(summary: ApplySummary): string {
  const count = (status: string) => summary.results.filter((r) => r.status === status).length;
  const lines = [`${summary.mode}: ${summary.results.length} stacks in ${summary.waves.length} waves`];
  for (const status of ['applied', 'planned', 'failed', 'blocked', 'not-in-shard']) if (count(status)) lines.push(`  ${status}: ${count(status)}`);
  const changed = summary.results.filter((r) => r.changes).length;
  if (summary.mode === 'plan') lines.push(`  with changes: ${changed}`);
  for (const r of summary.results.filter((x) => x.status === 'failed' || x.status === 'blocked')) lines.push(`  ${r.status} ${r.stack}: ${r.reason}${r.logFile ? ` (${r.logFile})` : ''}`);
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('apply-azure')
    .description('apply or plan the synthesized Azure stacks in dependency waves')
    .option('--out <dir>', 'cdktf output directory', 'cdktf.out')
    .option('--plan', 'plan only; applies nothing')
    .option('--parallelism <n>', 'stacks at once', whole(1), DEFAULT_PARALLELISM)
    .option('--terraform-parallelism <n>', "terraform's own -parallelism per stack", whole(1), 10)
    .option('--wave <n>', 'run only this wave (0 = tenant)', whole(0))
    .option('--shard <i/n>', 'run only shard i of n of each wave', shard)
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const opts = program.opts<{ out: string; plan?: boolean; parallelism: number; terraformParallelism: number; wave?: number; shard?: { index: number; count: number } }>();
  const summary = await runApply({
    outdir: opts.out,
    mode: opts.plan ? 'plan' : 'apply',
    parallelism: opts.parallelism,
    terraformParallelism: opts.terraformParallelism,
    wave: opts.wave,
    shard: opts.shard,
    log: (line) => process.stderr.write(line + '\n'),
  });
  process.stdout.write(summaryText(summary) + '\n');
  return summary.ok ? EXIT.ok : EXIT.error;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(EXIT.error);
    },
  );
}
