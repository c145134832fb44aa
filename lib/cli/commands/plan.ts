import type { Command } from 'commander';
import { computePlan, emptyInventory, loadModel, renderPlan } from '../../model';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { readInventoryFile } from '../inventory-file';
import { EXIT_FINDINGS, EXIT_OK, oneOf, withFormat, withProgress, writeJson, writeResult } from '../io';

const FORMATS = ['text', 'markdown', 'json'] as const;

export function register(program: Command): void {
  const command = program
    .command('plan')
    .description('show what applying the catalog would change, compared with an inventory snapshot; exit 1 on conflicts');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--inventory <file>', 'inventory snapshot written by `vend inventory` (default: nothing exists yet)')
    .action(async (opts: CatalogOptions & { inventory?: string; format: string }) => {
      const format = oneOf('--format', opts.format, FORMATS);
      const model = await withProgress('loading catalog', () => loadModel(loadOptions(opts)));
      const inventory = opts.inventory ? readInventoryFile(opts.inventory) : emptyInventory();
      const plan = computePlan(model, inventory);
      if (format === 'json') {
        const { apiVersion: _v, kind: _k, ...body } = plan;
        writeJson('Plan', body);
      } else writeResult(renderPlan(plan, format));
      // a conflict (an account that already uses the unit's e-mail, a closed account) fails at deploy
      process.exitCode = plan.summary.conflict > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}
