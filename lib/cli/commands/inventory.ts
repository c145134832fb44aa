import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { loadModel, type Inventory } from '../../model';
import { formatStats } from '../../operations/client';
import { cloudClients, cloudsFor } from '../../operations/config';
import { readInventory } from '../../operations/inventory';
import { summarizeInventory } from '../../operations/summary';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { readInventoryFile } from '../inventory-file';
import { log, oneOf, withFormat, withProgress, writeJson, writeResult } from '../io';
import { refuseSpecialPath, writeFileAtomic } from '../paths';

const FORMATS = ['text', 'json'] as const;

export function register(program: Command): void {
  const command = program
    .command('inventory')
    .description('read the live state of the clouds (OUs, accounts, SCPs; management groups, subscriptions, policy assignments) into a snapshot');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--cloud <cloud>', 'aws | azure | all', 'all')
    .option('--out <file>', 'write the JSON snapshot (the format `vend plan --inventory` reads) to this file, atomically')
    .option('--previous <file>', 'earlier snapshot to reuse unchanged accounts\' tags from (default: --out, if it exists)')
    .option('--tags <mode>', 'changed | all: read tags only for new or changed accounts, or for every account', 'changed')
    .option('--stats', 'print API calls per operation on stderr')
    .action(async (opts: CatalogOptions & { cloud: string; format: string; out?: string; previous?: string; tags: string; stats?: boolean }) => {
      const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'all'] as const);
      const format = oneOf('--format', opts.format, FORMATS);
      const tags = oneOf('--tags', opts.tags, ['changed', 'all'] as const);
      if (opts.out) refuseSpecialPath(opts.out, '--out');
      const model = loadModel(loadOptions(opts));
      const clouds = cloudsFor(model, cloud);
      const previousFile = opts.previous ?? (opts.out && existsSync(opts.out) ? opts.out : undefined);
      const previous: Inventory | undefined = previousFile ? readInventoryFile(previousFile, opts.previous ? '--previous' : '--out') : undefined;
      const clients = cloudClients(model, clouds, { log });
      try {
        const inventory = await withProgress(`reading ${clouds.join(' and ')}`, () => readInventory({ clouds, aws: clients.aws, azure: clients.azure, previous, tags }));
        const json = JSON.stringify(inventory, null, 2);
        if (opts.out) {
          // the snapshot holds account ids and e-mails: readable by its owner only
          writeFileAtomic(opts.out, json + '\n', '--out', 0o600);
          log(`wrote ${opts.out}`);
        }
        // the snapshot is itself a {apiVersion, kind: Inventory} document; with --out it stays out of logs
        if (format === 'text') writeResult(summarizeInventory(inventory));
        else if (opts.out) writeJson('FilesWritten', { files: [opts.out] });
        else writeResult(json);
      } finally {
        if (opts.stats) log(formatStats(clients.gate.snapshot()));
        clients.aws?.destroy();
      }
    });
}
