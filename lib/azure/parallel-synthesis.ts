/**
 * `synthesizeAzure` over the machine's cores: the unit stacks are cut into contiguous slices of
 * the apply order; worker threads synthesize all slices but the first, while this thread
 * synthesizes the tenant stack and the first slice. Stacks share nothing but names, so each thread
 * writes its own stacks; manifest.json is assembled here in apply order, as synthesizeAzure writes
 * it. Every check runs here before any thread starts. A worker reads the catalog again itself
 * (the model holds parsers and syntax trees that cannot cross threads), from the same folders.
 *
 * The output is byte for byte synthesizeAzure's: the test "parallel synthesis writes what
 * synthesizeAzure writes" compares them file by file.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadOptions, VendModel } from '../model';
import { stackName } from './names';
import { stacksCdktfBuilds } from './stamping/stamped-stacks';
import {
  clearStacks,
  planAzureSynthesis,
  synthesizeAzure,
  synthesizeTenantStack,
  synthesizeUnitStacks,
  writeAzureManifest,
  type ManifestPart,
  type SynthesizeAzureOptions,
  type SynthesizeAzureResult,
} from './synthesize';
import type { SynthesisWorkerInput, SynthesisWorkerMessage } from './synthesis-worker';

export interface ParallelSynthesisOptions extends SynthesizeAzureOptions {
  /** Where `model` was loaded from: each worker loads the same catalog. */
  readonly catalog: LoadOptions;
  /** Threads, this one included. @default the machine's available parallelism, at most 4 */
  readonly threads?: number;
  /** Below this many stacks per thread that CDKTF builds (not stamped), one thread does it all. @default 150 */
  readonly minStacksPerThread?: number;
  /**
   * A module each worker requires before vend's worker code. Only for running from TypeScript
   * sources (the tests register a transpiler); the built package needs none.
   */
  readonly workerPreload?: string;
}

const WORKER_ENTRY = path.join(__dirname, `synthesis-worker${path.extname(__filename)}`);

export async function synthesizeAzureInParallel(model: VendModel, options: ParallelSynthesisOptions): Promise<SynthesizeAzureResult> {
  const plan = planAzureSynthesis(model, options.backend);
  // Threads pay for the stacks CDKTF builds; stamped ones cost too little to share out.
  const built = plan && options.stamping !== false ? stacksCdktfBuilds(model, plan.units, plan.spacesOf) : (plan?.units.length ?? 0);
  const threads = Math.min(options.threads ?? Math.min(availableParallelism(), 4), Math.floor(built / (options.minStacksPerThread ?? 150)));
  const fromSources = WORKER_ENTRY.endsWith('.ts') && !options.workerPreload;
  if (!plan || threads < 2 || fromSources || !existsSync(WORKER_ENTRY)) return synthesizeAzure(model, options);

  clearStacks(options.outdir);
  const size = Math.ceil(plan.units.length / threads);
  const slices = Array.from({ length: threads }, (_, i) => ({ first: i * size, units: plan.units.slice(i * size, (i + 1) * size) }));
  const workers = slices.slice(1).map((slice) =>
    runWorker(
      {
        kind: 'vend-azure-synthesis',
        catalog: options.catalog,
        outdir: options.outdir,
        backend: plan.backend,
        units: slice.units.map((u) => u.name),
        spacesOf: [...plan.spacesOf].filter(([pop]) => slice.units.some((u) => u.name === pop)),
        first: slice.first,
        total: plan.units.length,
        stamping: options.stamping,
      },
      options,
    ),
  );
  // Settle every worker even if this thread fails, so none is left writing into the output.
  const mine = (() => {
    try {
      const tenant = synthesizeTenantStack(model, plan, options);
      const units = synthesizeUnitStacks(model, { ...plan, total: plan.units.length }, slices[0].units, { outdir: options.outdir, progress: options.progress, stamping: options.stamping });
      return { parts: [tenant, ...units] };
    } catch (error) {
      return { error };
    }
  })();
  const theirs = await Promise.allSettled(workers);
  if ('error' in mine) throw mine.error;
  const failed = theirs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const parts = [...mine.parts, ...theirs.flatMap((r) => (r as PromiseFulfilledResult<ManifestPart[]>).value)];
  const written = new Set(parts.flatMap((p) => Object.keys(p.stacks)));
  const missing = plan.units.map(stackName).filter((s) => !written.has(s));
  if (missing.length) throw new Error(`parallel synthesis lost ${missing.length} stacks (${missing.slice(0, 3).join(', ')}, …)`);
  return writeAzureManifest(options.outdir, plan, parts);
}

function runWorker(input: SynthesisWorkerInput, options: ParallelSynthesisOptions): Promise<ManifestPart[]> {
  const worker = options.workerPreload
    ? new Worker(`require(${JSON.stringify(options.workerPreload)}); require(${JSON.stringify(WORKER_ENTRY)});`, { eval: true, workerData: input })
    : new Worker(WORKER_ENTRY, { workerData: input });
  return new Promise((resolve, reject) => {
    let parts: ManifestPart[] | undefined;
    worker.on('message', (message: SynthesisWorkerMessage) => {
      if (message.kind === 'progress') options.progress?.(message.text);
      else parts = message.parts;
    });
    worker.on('error', reject);
    worker.on('exit', (code) => (parts && code === 0 ? resolve(parts) : reject(new Error(`an Azure synthesis worker stopped (exit ${code}) before it finished`))));
  });
}
