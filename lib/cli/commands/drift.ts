import type { Command } from 'commander';
import { loadModel, type Inventory, type VendModel } from '../../model';
import { formatStats } from '../../operations/client';
import { cloudClients, cloudsFor } from '../../operations/config';
import { computeDrift, driftKindTitle, formatDrift, type DriftKind, type DriftReport } from '../../operations/drift';
import { readInventory } from '../../operations/inventory';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { readInventoryFile } from '../inventory-file';
import { EXIT_DRIFT, EXIT_OK, log, oneOf, withFormat, withProgress, writeResult } from '../io';
import { sarifLog } from '../sarif';
import { vendVersion } from '../version';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

export function register(program: Command): void {
  const command = program
    .command('drift')
    .description('compare the catalog with the live clouds; exit 0 in sync, 3 drift found (see the README for every exit code)');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--cloud <cloud>', 'aws | azure | all', 'all')
    .option('--inventory <file>', 'compare with this snapshot instead of reading the clouds')
    .option('--stats', 'print API calls per operation on stderr')
    .action(async (opts: CatalogOptions & { cloud: string; format: string; inventory?: string; stats?: boolean }) => {
      const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'all'] as const);
      const format = oneOf('--format', opts.format, FORMATS);
      const model = loadModel(loadOptions(opts));
      const clouds = cloudsFor(model, cloud);
      let inventory: Inventory;
      if (opts.inventory) inventory = readInventoryFile(opts.inventory);
      else {
        const clients = cloudClients(model, clouds, { log });
        try {
          inventory = await withProgress(`reading ${clouds.join(' and ')}`, () => readInventory({ clouds, aws: clients.aws, azure: clients.azure }));
        } finally {
          if (opts.stats) log(formatStats(clients.gate.snapshot()));
          clients.aws?.destroy();
        }
      }
      const report = computeDrift(model, inventory, clouds);
      if (report.notRead.length) log(`not compared: the inventory did not read ${report.notRead.join(', ')}`);
      writeResult(format === 'sarif' ? JSON.stringify(driftSarif(model, report), null, 2) : formatDrift(report, format));
      process.exitCode = report.inSync ? EXIT_OK : EXIT_DRIFT;
    });
}

/** Drift findings as SARIF: a unit's finding points at its file, the rest at organization.yaml. */
export function driftSarif(model: VendModel, report: DriftReport) {
  const organization = model.catalog.organization.source.file;
  return sarifLog(
    'vend drift',
    vendVersion(),
    report.findings.map((f) => ({
      ruleId: f.kind,
      level: 'warning' as const,
      message: f.message,
      file: (f.unit && model.unit(f.unit)?.file) || organization,
      line: 0,
    })),
    (id) => driftKindTitle(id as DriftKind),
  );
}
