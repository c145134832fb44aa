import type { Command } from 'commander';
import { formatDiagnostic, loadInventory, loadModel, type Inventory } from '../../model';
import { AwsClients } from '../../operations/aws/clients';
import { cloudClients } from '../../operations/config';
import { formatRun } from '../../operations/decommission/format';
import { DecommissionRefused, decommission } from '../../operations/decommission/run';
import { auditSettings, openLedger, openLocks } from '../../operations/ledger';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, EXIT_PENDING, log, oneOf, UsageError, writeResult } from '../io';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';

type Options = CatalogOptions & { execute?: boolean; confirm?: string; ledger?: string; inventory?: string; format: string };

export function register(program: Command): void {
  const command = program
    .command('decommission')
    .description('take a unit marked `lifecycle: decommissioned` out of service: check the deploy quarantined it, revoke the trust it does not own, close (dry run unless --execute)')
    .argument('<unit>', 'unit name');
  withCatalogOptions(command)
    .option('--execute', 'act (default: only show the plan)')
    .option('--confirm <unit>', 'repeat the unit name to confirm --execute')
    .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER, else .vend/audit.jsonl beside the catalog directory)')
    .option('--inventory <file>', 'an inventory snapshot; the ids it records for the unit must agree with the live one')
    .option('--format <format>', 'text | json', 'text')
    .action(async (unit: string, opts: Options) => {
      const format = oneOf('--format', opts.format, ['text', 'json'] as const);
      if (opts.confirm && !opts.execute) throw new UsageError('--confirm only makes sense with --execute');
      if (opts.execute && opts.confirm !== unit) throw new UsageError(`--execute needs --confirm ${unit}${opts.confirm ? ` (got '${opts.confirm}')` : ''}`);
      const settings = auditSettings({ ledger: opts.ledger, catalogDir: opts.catalog });
      if (opts.execute && process.env.GITHUB_ACTIONS === 'true' && settings.localDefaults.length) {
        throw new UsageError(`a pipeline run must keep its audit trail and locks outside the runner: set ${settings.localDefaults.join(', ')}`);
      }
      if (settings.localDefaults.length) log(`audit: ${settings.ledger} with local ${settings.localDefaults.join(', ')} defaults (development only)`);
      const model = loadModel(loadOptions(opts));
      const cloud = model.unit(unit)?.cloud;
      const clients = cloudClients(model, cloud ? [cloud] : [], { log });
      const aws = () => clients.aws ?? new AwsClients({ gate: clients.gate });
      try {
        const report = await decommission({
          model,
          unit,
          execute: opts.execute,
          confirm: opts.confirm,
          ledger: openLedger(settings, { aws, createDevKey: true, log }),
          locks: openLocks(settings.locks, aws),
          inventory: opts.inventory ? readInventory(opts.inventory) : undefined,
          aws: clients.aws,
          azure: clients.azure,
          log,
        });
        writeResult(format === 'json' ? JSON.stringify(report, null, 2) : formatRun(report));
        process.exitCode = report.error ? EXIT_ERROR : report.queued || report.awaitingDeploy ? EXIT_PENDING : EXIT_OK;
      } catch (e) {
        if (!(e instanceof DecommissionRefused)) throw e;
        log(`error: ${e.message}`);
        process.exitCode = EXIT_FINDINGS;
      } finally {
        clients.aws?.destroy();
      }
    });
}

function readInventory(file: string): Inventory {
  const loaded = loadInventory(file);
  if (!loaded.inventory) throw new UsageError(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded.inventory;
}
