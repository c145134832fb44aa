import type { Command } from 'commander';
import { CatalogError, loadInventory, loadModel, type Inventory } from '../../model';
import { formatStats } from '../../operations/client';
import { cloudClients, cloudsFor } from '../../operations/config';
import { computeDrift, formatDrift } from '../../operations/drift';
import { readInventory } from '../../operations/inventory';
import { log, oneOf, withProgress, writeResult } from '../io';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';

/** Exit codes of `vend drift`: 0 in sync, 2 drift found, 1 error. */
export const DRIFT_FOUND = 2;

export function register(program: Command): void {
  const command = program
    .command('drift')
    .description('compare the catalog with the live clouds; exit 0 in sync, 2 drift found, 1 error');
  withCatalogOptions(command)
    .option('--cloud <cloud>', 'aws | azure | all', 'all')
    .option('--format <format>', 'text | markdown | json', 'text')
    .option('--inventory <file>', 'compare with this snapshot instead of reading the clouds')
    .option('--stats', 'print API calls per operation on stderr')
    .action(async (opts: CatalogOptions & { cloud: string; format: string; inventory?: string; stats?: boolean }) => {
      const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'all'] as const);
      const format = oneOf('--format', opts.format, ['text', 'markdown', 'json'] as const);
      const model = loadModel(loadOptions(opts));
      const clouds = cloudsFor(model, cloud);
      let inventory: Inventory;
      if (opts.inventory) {
        const loaded = loadInventory(opts.inventory);
        if (!loaded.inventory) throw new CatalogError(loaded.diagnostics);
        inventory = loaded.inventory;
      } else {
        const clients = cloudClients(model, clouds, { log });
        try {
          inventory = await withProgress(`reading ${clouds.join(' and ')}`, () => readInventory({ clouds, aws: clients.aws, azure: clients.azure }));
        } finally {
          if (opts.stats) log(formatStats(clients.gate.snapshot()));
          clients.aws?.destroy();
        }
      }
      const report = computeDrift(model, inventory, clouds);
      writeResult(formatDrift(report, format));
      process.exitCode = report.inSync ? 0 : DRIFT_FOUND;
    });
}
