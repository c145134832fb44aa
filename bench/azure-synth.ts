/**
 * The Azure library path: `synthesizeAzure` over a generated N-subscription catalog (the tenant
 * stack plus one stack per subscription, full baselines). Timed: loading the model and synthesis
 * (every cdk.tf.json written); not module loading or generating the catalog.
 *
 *   node dist/bench/azure-synth.js 2000 [catalog-dir]
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { synthesizeAzure } from '../lib/azure';
import { loadModel } from '../lib/model';
import { catalogFor, workDir } from './catalog-argument';
import { caseArguments, report, startTimer } from './measure';

const { n, catalogDir } = caseArguments('azure-synth', 4);
const work = workDir('azure-synth');
try {
  const catalog = catalogFor(catalogDir, n, 'azure', work);
  const timer = startTimer();
  const model = loadModel({ catalogDir: catalog });
  const result = synthesizeAzure(model, { outdir: path.join(work, 'cdktf.out'), backend: { kind: 'local' } });
  report('azure-synth', n, timer, { stacks: result.stacks.length, stamped: result.stamped });
} finally {
  rmSync(work, { recursive: true, force: true });
}
