import type { Command } from 'commander';
import { CatalogError, computePlan, emptyInventory, loadInventory, loadModel, renderPlan } from '../../model';
import { oneOf, withProgress, writeResult } from '../io';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';

export function register(program: Command): void {
  const command = program
    .command('plan')
    .description('show what applying the catalog would change, compared with an inventory snapshot');
  withCatalogOptions(command)
    .option('--inventory <file>', 'inventory snapshot written by `vend inventory` (default: nothing exists yet)')
    .option('--format <format>', 'text | markdown | json', 'text')
    .action(async (opts: CatalogOptions & { inventory?: string; format: string }) => {
      const format = oneOf('--format', opts.format, ['text', 'markdown', 'json'] as const);
      const model = await withProgress('loading catalog', () => loadModel(loadOptions(opts)));
      let inventory = emptyInventory();
      if (opts.inventory) {
        const loaded = loadInventory(opts.inventory);
        if (!loaded.inventory) throw new CatalogError(loaded.diagnostics);
        inventory = loaded.inventory;
      }
      writeResult(renderPlan(computePlan(model, inventory), format));
    });
}
