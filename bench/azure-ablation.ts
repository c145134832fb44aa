/**
 * The Azure library path with one CDKTF-internals workaround switched off, to show what it buys:
 *   azure-with-traces   CDKTF records a creation stack trace for every token again
 *   azure-unscoped      one process-wide token registry instead of one per batch of stacks
 *   azure-unstamped     every unit stack built through CDKTF, none stamped from an exemplar
 * Compared with `azure-synth` at the same size in the same round. And one with two switched off:
 *   azure-unstamped-unscoped  no stamping and one process-wide registry, compared with
 *                             `azure-unstamped`: what the per-batch registry buys where CDKTF
 *                             builds every stack (with stamping it has little left to bound)
 *
 *   node dist/bench/azure-with-traces.js 500 [catalog-dir]
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { synthesizeAzure } from '../lib/azure';
import { CDKTF_WORKAROUNDS } from '../lib/azure/cdktf';
import { loadModel } from '../lib/model';
import { catalogFor, workDir } from './catalog-argument';
import { caseArguments, report, startTimer } from './measure';

export function ablation(caseName: string, ...off: ReadonlyArray<keyof typeof CDKTF_WORKAROUNDS | 'stamping'>): void {
  const { n, catalogDir } = caseArguments(caseName, 4);
  for (const workaround of off) if (workaround !== 'stamping') CDKTF_WORKAROUNDS[workaround] = false;
  const work = workDir(caseName);
  try {
    const catalog = catalogFor(catalogDir, n, 'azure', work);
    const timer = startTimer();
    const result = synthesizeAzure(loadModel({ catalogDir: catalog }), { outdir: path.join(work, 'cdktf.out'), backend: { kind: 'local' }, stamping: !off.includes('stamping') });
    report(caseName, n, timer, { stacks: result.stacks.length, stamped: result.stamped });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
