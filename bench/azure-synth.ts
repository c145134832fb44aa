/**
 * `node dist/bench/azure-synth.js N`: generates an N-subscription Azure catalog in a temp dir,
 * synthesizes it with full baselines (tenant stack + one stack per subscription) and prints one
 * JSON line: {"case":"azure-synth","n":N,"seconds":..,"peakRssMb":..,"stacks":..}.
 * Timing covers loading the model and synth (writing every cdk.tf.json), not the generator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesizeAzure } from '../lib/azure';
import { loadModel, writeGeneratedCatalog } from '../lib/model';

const n = Number(process.argv[2] ?? 100);
if (!Number.isInteger(n) || n < 4) {
  process.stderr.write('usage: azure-synth N (N ≥ 4)\n');
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), 'vend-azure-synth-'));
try {
  const catalogDir = path.join(dir, 'catalog');
  writeGeneratedCatalog(catalogDir, { units: n, cloud: 'azure' });
  const started = process.hrtime.bigint();
  const model = loadModel({ catalogDir });
  const loaded = process.hrtime.bigint();
  const result = synthesizeAzure(model, { outdir: path.join(dir, 'cdktf.out'), backend: { kind: 'local' } });
  const finished = process.hrtime.bigint();
  const seconds = Number(finished - started) / 1e9;
  const loadSeconds = Number(loaded - started) / 1e9;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ case: 'azure-synth', n, seconds: Number(seconds.toFixed(3)), peakRssMb, stacks: result.stacks.length, loadSeconds: Number(loadSeconds.toFixed(3)) }) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
