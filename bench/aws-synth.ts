/**
 * The AWS library path: `VendAwsApp` over a generated N-account catalog, full baselines, with the
 * CloudFormation validator off (the CLI case `aws-cli` runs it on, as users do). Timed: loading
 * the model and `app.synth()`; not module loading or generating the catalog.
 *
 *   node dist/bench/aws-synth.js 2000 [catalog-dir]
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { stackSizes, VendAwsApp } from '../lib/aws';
import { loadModel } from '../lib/model';
import { catalogFor, workDir } from './catalog-argument';
import { caseArguments, report, startTimer } from './measure';

const { n, catalogDir } = caseArguments('aws-synth', 4);
process.env.CDK_VALIDATION = 'false';
const work = workDir('aws-synth');
try {
  const catalog = catalogFor(catalogDir, n, 'aws', work);
  const timer = startTimer();
  const model = loadModel({ catalogDir: catalog });
  const vend = new VendAwsApp(model, { outdir: path.join(work, 'cdk.out'), validation: false });
  const assembly = vend.app.synth();
  report('aws-synth', n, timer, () => {
    const sizes = stackSizes(assembly);
    return {
      stacks: sizes.length,
      largestStackResources: Math.max(...sizes.map((s) => s.resources)),
      largestStackBytes: Math.max(...sizes.map((s) => s.bytes)),
    };
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
