import type { Command } from 'commander';
import { loadModel } from '../../model';
import { cloudClients, ledgerPath } from '../../operations/config';
import { formatRun, type RunReport } from '../../operations/decommission/engine';
import { decommission, DecommissionRefused } from '../../operations/decommission/run';
import { Ledger } from '../../operations/ledger';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { refuseSpecialPath } from '../paths';
import { EXIT_ERROR, EXIT_OK, EXIT_PENDING, FindingsError, log, oneOf, UsageError, withFormat, writeJson, writeResult } from '../io';

const FORMATS = ['text', 'json'] as const;

export function register(program: Command): void {
  const command = program
    .command('decommission')
    .description('take a unit marked `lifecycle: decommissioned` out of service: revoke access, quarantine, remove baseline, close (dry run unless --execute)')
    .argument('<unit>', 'unit name');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--execute', 'act (default: only show the plan)')
    .option('--confirm <unit>', 'repeat the unit name to confirm --execute')
    .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER or .vend/audit.jsonl)')
    .action(async (unit: string, opts: CatalogOptions & { execute?: boolean; confirm?: string; ledger?: string; format: string }) => {
      const format = oneOf('--format', opts.format, FORMATS);
      if (opts.confirm !== undefined && !opts.execute) throw new UsageError('--confirm only makes sense with --execute');
      // a missing and a wrong confirmation are the same mistake, and exit alike
      if (opts.execute && opts.confirm !== unit) {
        throw new UsageError(`--execute needs --confirm ${unit}${opts.confirm === undefined ? '' : ` (got '${opts.confirm}')`}`);
      }
      const ledgerFile = ledgerPath(opts.ledger);
      refuseSpecialPath(ledgerFile, opts.ledger ? '--ledger' : 'VEND_AUDIT_LEDGER');
      const model = loadModel(loadOptions(opts));
      const cloud = model.unit(unit)?.cloud;
      const clients = cloudClients(model, cloud ? [cloud] : [], { log });
      try {
        const report = await decommission({
          model,
          unit,
          execute: opts.execute,
          confirm: opts.confirm,
          ledger: new Ledger(ledgerFile),
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

/** A failed step is an error; a closure queued on quota is pending; a dry run or a finished run succeeds. */
export function decommissionExitCode(report: RunReport): number {
  if (report.error) return EXIT_ERROR;
  if (report.execute && report.queued) return EXIT_PENDING;
  return EXIT_OK;
}
