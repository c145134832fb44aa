/**
 * validate + plan of a generated N-unit catalog (mixed clouds) against an empty inventory, as
 * `vend validate` and `vend plan` do it in the library. Timed: loading, validating, the plan and
 * its markdown rendering.
 *
 *   node dist/bench/validate-plan.js 10000 [catalog-dir]
 */
import { rmSync } from 'node:fs';
import { buildModel, computePlan, emptyInventory, hasErrors, loadCatalog, renderPlan, validateCatalog } from '../lib/model';
import { catalogFor, workDir } from './catalog-argument';
import { caseArguments, report, startTimer } from './measure';

const { n, catalogDir } = caseArguments('validate-plan', 4);
const work = workDir('validate-plan');
try {
  const catalog = catalogFor(catalogDir, n, 'mixed', work);
  const timer = startTimer();
  const loaded = loadCatalog({ catalogDir: catalog });
  const diagnostics = [...loaded.diagnostics, ...validateCatalog(loaded.catalog!)];
  if (hasErrors(diagnostics)) throw new Error(`generated catalog is invalid: ${diagnostics[0].message}`);
  const validateSeconds = Number(process.hrtime.bigint() - timer.started) / 1e9;
  const plan = computePlan(buildModel(loaded.catalog!), emptyInventory());
  const text = renderPlan(plan, 'markdown');
  report('validate-plan', n, timer, { validateSeconds: Math.round(validateSeconds * 1000) / 1000, planBytes: text.length });
} finally {
  rmSync(work, { recursive: true, force: true });
}
