import type { Command } from 'commander';
import { CatalogError, computePlan, emptyInventory, loadInventory, loadModel, renderPlan } from '../../model';
import { oneOf, withProgress, writeResult } from '../io';

export function register(program: Command): void {
  program
    .command('plan')
    .description('show what applying the catalog would change, compared with an inventory snapshot')
    .option('--catalog <dir>', 'catalog directory', 'catalog')
    .option('--templates <dir>', 'templates directory (default: the templates shipped with vend)')
    .option('--policies <dir>', 'policies directory (default: the policies shipped with vend)')
    .option('--inventory <file>', 'inventory snapshot written by `vend inventory` (default: nothing exists yet)')
    .option('--format <format>', 'text | markdown | json', 'text')
    .action(async (opts: { catalog: string; templates?: string; policies?: string; inventory?: string; format: string }) => {
      const format = oneOf('--format', opts.format, ['text', 'markdown', 'json'] as const);
      const model = await withProgress('loading catalog', () =>
        loadModel({ catalogDir: opts.catalog, templatesDir: opts.templates, policiesDir: opts.policies }),
      );
      let inventory = emptyInventory();
      if (opts.inventory) {
        const loaded = loadInventory(opts.inventory);
        if (!loaded.inventory) throw new CatalogError(loaded.diagnostics);
        inventory = loaded.inventory;
      }
      writeResult(renderPlan(computePlan(model, inventory), format));
    });
}
