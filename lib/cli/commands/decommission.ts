import type { Command } from 'commander';
import { loadModel } from '../../model';
import { AwsClients } from '../../operations/aws/clients';
import { cloudClients } from '../../operations/config';
import type { RunReport } from '../../operations/decommission/engine';
import { formatRun } from '../../operations/decommission/format';
import { decommission, DecommissionRefused } from '../../operations/decommission/run';
import { auditSettings, openLedger, openLocks } from '../../operations/ledger';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { readInventoryFile } from '../inventory-file';
import { refuseSpecialPath } from '../paths';
import { EXIT_ERROR, EXIT_OK, EXIT_PENDING, FindingsError, log, oneOf, UsageError, withFormat, writeJson, writeResult } from '../io';

const FORMATS = ['text', 'json'] as const;

type Options = CatalogOptions & { execute?: boolean; confirm?: string; ledger?: string; inventory?: string; format: string };

export function register(program: Command): void {
  const command = program
    .command('decommission')
    .description('take a unit marked `lifecycle: decommissioned` out of service: check the deploy quarantined it, revoke the trust it does not own, close (dry run unless --execute)')
    .argument('<unit>', 'unit name');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--execute', 'act (default: only show the plan)')
    .option('--confirm <unit>', 'repeat the unit name to confirm --execute')
    .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER, else .vend/audit.jsonl beside the catalog directory)')
    .option('--inventory <file>', 'an inventory snapshot; the ids it records for the unit must agree with the live one')
    .action(async (unit: string, opts: Options) => {
      const format = oneOf('--format', opts.format, FORMATS);
      if (opts.confirm !== undefined && !opts.execute) throw new UsageError('--confirm only makes sense with --execute');
      // a missing and a wrong confirmation are the same mistake, and exit alike
      if (opts.execute && opts.confirm !== unit) {
        throw new UsageError(`--execute needs --confirm ${unit}${opts.confirm === undefined ? '' : ` (got '${opts.confirm}')`}`);
      }
      const settings = auditSettings({ ledger: opts.ledger, catalogDir: opts.catalog });
      refuseSpecialPath(settings.ledger, opts.ledger ? '--ledger' : 'VEND_AUDIT_LEDGER');
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
          inventory: opts.inventory ? readInventoryFile(opts.inventory, '--inventory') : undefined,
          aws: clients.aws,
          azure: clients.azure,
          log,
        });
        if (format === 'json') writeJson('Decommission', report);
        else writeResult(formatRun(report));
        process.exitCode = decommissionExitCode(report);
      } catch (err) {
        if (err instanceof DecommissionRefused) throw new FindingsError(err.message);
        throw err;
      } finally {
        clients.aws?.destroy();
      }
    });
}

/**
 * A failed step is an error; an executed run whose closure is queued on quota, or whose steps wait
 * for the deploy, is pending; a dry run or a finished run succeeds.
 */
export function decommissionExitCode(report: RunReport): number {
  if (report.error) return EXIT_ERROR;
  if (report.execute && (report.queued || report.awaitingDeploy)) return EXIT_PENDING;
  return EXIT_OK;
}
