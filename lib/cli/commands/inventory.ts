import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CatalogError, loadInventory, loadModel, type Inventory } from '../../model';
import { formatStats } from '../../operations/client';
import { cloudClients, cloudsFor } from '../../operations/config';
import { readInventory } from '../../operations/inventory';
import { summarizeInventory } from '../../operations/summary';
import { log, oneOf, withProgress, writeResult } from '../io';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';

export function register(program: Command): void {
  const command = program
    .command('inventory')
    .description('read the live state of the clouds (OUs, accounts, SCPs; management groups, subscriptions, policy assignments) into a snapshot');
  withCatalogOptions(command)
    .option('--cloud <cloud>', 'aws | azure | all', 'all')
    .option('--format <format>', 'text | json', 'text')
    .option('--out <file>', 'write the JSON snapshot (the format `vend plan --inventory` reads) to this file')
    .option('--previous <file>', 'earlier snapshot to reuse unchanged accounts\' tags from (default: --out, if it exists)')
    .option('--tags <mode>', 'changed | all: read tags only for new or changed accounts, or for every account', 'changed')
    .option('--stats', 'print API calls per operation on stderr')
    .action(async (opts: CatalogOptions & { cloud: string; format: string; out?: string; previous?: string; tags: string; stats?: boolean }) => {
      const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'all'] as const);
      const format = oneOf('--format', opts.format, ['text', 'json'] as const);
      const tags = oneOf('--tags', opts.tags, ['changed', 'all'] as const);
      const model = loadModel(loadOptions(opts));
      const clouds = cloudsFor(model, cloud);
      const clients = cloudClients(model, clouds, { log });
      const previousFile = opts.previous ?? (opts.out && existsSync(opts.out) ? opts.out : undefined);
      let previous: Inventory | undefined;
      if (previousFile) {
        const loaded = loadInventory(previousFile);
        if (!loaded.inventory) throw new CatalogError(loaded.diagnostics);
        previous = loaded.inventory;
      }
      try {
        const inventory = await withProgress(`reading ${clouds.join(' and ')}`, () => readInventory({ clouds, aws: clients.aws, azure: clients.azure, previous, tags }));
        const json = JSON.stringify(inventory, null, 2);
        if (opts.out) {
          mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
          writeFileSync(opts.out, json + '\n');
          log(`wrote ${opts.out}`);
        }
        if (format === 'json' && !opts.out) writeResult(json);
        else writeResult(format === 'json' ? json : summarizeInventory(inventory));
      } finally {
        if (opts.stats) log(formatStats(clients.gate.snapshot()));
        clients.aws?.destroy();
      }
    });
}
