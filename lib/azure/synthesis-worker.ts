/**
 * A worker thread of parallel-synthesis.ts: loads the catalog, synthesizes the unit stacks it was
 * given (by name, in the given order) and posts their manifest parts back. Does nothing when
 * loaded on the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadModel, type EffectiveUnit, type LoadOptions } from '../model';
import type { StateBackend } from './backend';
import { synthesizeUnitStacks, type ManifestPart } from './synthesize';

export interface SynthesisWorkerInput {
  readonly kind: 'vend-azure-synthesis';
  readonly catalog: LoadOptions;
  readonly outdir: string;
  readonly backend: StateBackend;
  /** Unit names, a contiguous slice of the apply order. */
  readonly units: readonly string[];
  readonly spacesOf: ReadonlyArray<readonly [string, readonly string[]]>;
  /** The slice's index in the apply order, and the number of unit stacks (for progress). */
  readonly first: number;
  readonly total: number;
  /** As SynthesizeAzureOptions.stamping. */
  readonly stamping?: boolean;
}

export type SynthesisWorkerMessage = { readonly kind: 'progress'; readonly text: string } | { readonly kind: 'done'; readonly parts: ManifestPart[] };

function run(input: SynthesisWorkerInput): void {
  const model = loadModel(input.catalog);
  const units = input.units.map((name): EffectiveUnit => {
    const unit = model.unit(name);
    if (!unit) throw new Error(`unit '${name}' is not in the catalog this worker loaded (did ${input.catalog.catalogDir} change during synthesis?)`);
    return unit;
  });
  const post = (message: SynthesisWorkerMessage) => parentPort!.postMessage(message);
  const parts = synthesizeUnitStacks(
    model,
    { backend: input.backend, spacesOf: new Map(input.spacesOf), total: input.total },
    units,
    { outdir: input.outdir, first: input.first, stamping: input.stamping, progress: (text) => post({ kind: 'progress', text }) },
  );
  post({ kind: 'done', parts });
}

if (!isMainThread && parentPort && (workerData as Partial<SynthesisWorkerInput> | undefined)?.kind === 'vend-azure-synthesis') {
  run(workerData as SynthesisWorkerInput);
}
