/**
 * Benchmark case: validate + plan of a generated N-unit catalog (mixed clouds), against an empty
 * inventory. Prints one JSON line. Run through `npm run bench`, which gives each case its own
 * process so peak memory is measured per case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { computePlan, emptyInventory, hasErrors, loadCatalog, renderPlan, validateCatalog, writeGeneratedCatalog, buildModel } from '../lib/model';

const n = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(path.join(tmpdir(), 'vend-bench-'));
try {
  writeGeneratedCatalog(dir, { units: n, cloud: 'mixed' });
  const started = process.hrtime.bigint();
  const loaded = loadCatalog({ catalogDir: dir });
  const diagnostics = [...loaded.diagnostics, ...validateCatalog(loaded.catalog!)];
  if (hasErrors(diagnostics)) throw new Error(`generated catalog is invalid: ${diagnostics[0].message}`);
  const validated = process.hrtime.bigint();
  const plan = computePlan(buildModel(loaded.catalog!), emptyInventory());
  const text = renderPlan(plan, 'markdown');
  const finished = process.hrtime.bigint();
  process.stdout.write(
    JSON.stringify({
      case: 'validate-plan',
      n,
      seconds: Number(finished - started) / 1e9,
      validateSeconds: Number(validated - started) / 1e9,
      planSeconds: Number(finished - validated) / 1e9,
      planBytes: text.length,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
