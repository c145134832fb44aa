/**
 * `npm run bench`: every case in its own Node process, one after another (the machine is shared),
 * each run `--runs` times (default 3), the floors interleaved with the cases compared with them so
 * that run i of a case and run i of its floor see the same load. Prints the README table (median,
 * min, max, peak RSS, ratio to the floor, target) with the machine and its load, and writes every
 * run to .vend/bench.json.
 *
 *   npm run bench                                   # the default cases at their default sizes
 *   npm run bench -- --cases azure-synth,azure-cli --sizes 500,2000 --runs 5
 *   npm run bench -- --check                        # exit 1 when a target is not met
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeGeneratedCatalog } from '../lib/model';
import { CASES, type BenchCase, type CatalogKind } from './cases';
import { runCase, type RunResult } from './run-case';
import { markdownTable, summarize, type CaseSummary } from './summary';

interface Options {
  readonly cases: readonly BenchCase[];
  readonly sizes?: readonly number[];
  readonly runs: number;
  readonly check: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const names = value('--cases')?.split(',');
  for (const name of names ?? []) {
    if (!CASES.some((c) => c.name === name)) throw new Error(`--cases: no case '${name}' (cases: ${CASES.map((c) => c.name).join(', ')})`);
  }
  const wanted = CASES.filter((c) => (names ? names.includes(c.name) : c.byDefault));
  // A case compared with a floor brings the floor along (the ratio is the point), and a warm case
  // the case that fills its cache.
  const floors = new Set(wanted.flatMap((c) => [c.floor, c.warmBy].filter((x): x is string => x !== undefined)));
  const cases = CASES.filter((c) => wanted.includes(c) || floors.has(c.name));
  const sizes = value('--sizes')?.split(',').map(Number);
  if (sizes?.some((n) => !Number.isInteger(n) || n < 4)) throw new Error(`--sizes: whole numbers ≥ 4, comma-separated (got '${value('--sizes')}')`);
  const runs = Number(value('--runs') ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: a whole number ≥ 1 (got '${value('--runs')}')`);
  return { cases, sizes, runs, check: argv.includes('--check') };
}

/** A case's sizes, and a floor's also those of every selected case compared with it. */
function sizesOf(c: BenchCase, options: Options): number[] {
  if (options.sizes) return [...options.sizes];
  const dependents = options.cases.filter((d) => d.floor === c.name);
  return [...new Set([...c.sizes, ...dependents.flatMap((d) => sizesOf(d, options))])].sort((a, b) => a - b);
}

/** Catalogs are generated before anything is timed, one per (kind, size), and shared by the cases. */
function generateCatalogs(options: Options, root: string): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const c of options.cases) {
    if (!c.catalog) continue;
    for (const n of sizesOf(c, options)) {
      const key = catalogKey(c.catalog, n);
      if (dirs.has(key)) continue;
      const dir = path.join(root, key);
      process.stderr.write(`generating a ${c.catalog} catalog of ${n} units…\n`);
      writeGeneratedCatalog(dir, { units: n, cloud: c.catalog });
      dirs.set(key, dir);
    }
  }
  return dirs;
}

const catalogKey = (kind: CatalogKind, n: number) => `${kind}-${n}`;

function runAll(options: Options, catalogs: Map<string, string>, root: string): RunResult[] {
  const results: RunResult[] = [];
  const sizes = [...new Set(options.cases.flatMap((c) => sizesOf(c, options)))].sort((a, b) => a - b);
  for (const n of sizes) {
    const here = options.cases.filter((c) => sizesOf(c, options).includes(n));
    for (let run = 1; run <= options.runs; run++) {
      for (const c of here) {
        if (!existsSync(path.join(__dirname, `${c.name}.js`)) && !c.cli) throw new Error(`${c.name}: dist/bench/${c.name}.js is not built`);
        process.stderr.write(`${c.name} n=${n} run ${run}/${options.runs} (load ${os.loadavg()[0].toFixed(1)})… `);
        const cacheDir = path.join(root, 'cache', `${c.warmBy ?? c.name}-${n}-${run}`);
        const result = runCase(c, n, run, c.catalog ? catalogs.get(catalogKey(c.catalog, n)) : undefined, cacheDir);
        process.stderr.write(result.error ? `failed: ${result.error}\n` : `${result.seconds} s, ${result.peakRssMb} MB\n`);
        results.push(result);
      }
    }
  }
  return results;
}

function machine(loadBefore: number[], loadAfter: number[]): string {
  const cpu = os.cpus();
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  return (
    `${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load average before ${load(loadBefore)}, after ${load(loadAfter)}`
  );
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const root = mkdtempSync(path.join(os.tmpdir(), 'vend-bench-catalogs-'));
  try {
    const catalogs = generateCatalogs(options, root);
    const loadBefore = os.loadavg();
    const results = runAll(options, catalogs, root);
    const summaries: CaseSummary[] = options.cases.flatMap((c) => sizesOf(c, options).map((n) => summarize(c, n, results)));
    const about = machine(loadBefore, os.loadavg());
    process.stdout.write(`${markdownTable(summaries)}\n\n${about}; ${options.runs} runs per case.\n`);
    const outDir = path.resolve(__dirname, '../../.vend');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify({ machine: about, summaries, runs: results }, null, 2) + '\n');
    if (results.some((r) => r.error)) process.exitCode = 1;
    if (options.check && summaries.some((s) => s.met === false)) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
