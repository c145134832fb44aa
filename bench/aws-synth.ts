/**
 * Benchmark: synthesize the AWS app for a generated N-account catalog (full baselines, validator
 * off) and print one JSON line: time, peak RSS and the largest stack.
 *
 *   node dist/bench/aws-synth.js 2000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stackSizes, VendAwsApp } from '../lib/aws';
import { loadModel, writeGeneratedCatalog } from '../lib/model';

function main(): void {
  const n = Number(process.argv[2] ?? '100');
  if (!Number.isInteger(n) || n < 1) throw new Error(`usage: aws-synth N (got '${process.argv[2]}')`);
  process.env.CDK_VALIDATION = 'false';
  const work = mkdtempSync(path.join(tmpdir(), 'vend-bench-aws-'));
  try {
    const catalogDir = path.join(work, 'catalog');
    writeGeneratedCatalog(catalogDir, { units: n, cloud: 'aws' });
    const started = process.hrtime.bigint();
    const model = loadModel({ catalogDir });
    const vend = new VendAwsApp(model, { outdir: path.join(work, 'cdk.out'), validation: false });
    const assembly = vend.app.synth();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const sizes = stackSizes(assembly);
    const largestByResources = Math.max(...sizes.map((s) => s.resources));
    const largestByBytes = Math.max(...sizes.map((s) => s.bytes));
    const result = {
      case: 'aws-synth',
      n,
      seconds: Math.round(seconds * 100) / 100,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      stacks: sizes.length,
      largestStackResources: largestByResources,
      largestStackBytes: largestByBytes,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
