import type { Command } from 'commander';
import { loadModel } from '../../model';
import { cloudClients, ledgerPath } from '../../operations/config';
import { decommission } from '../../operations/decommission/run';
import { formatRun } from '../../operations/decommission/engine';
import { Ledger } from '../../operations/ledger';
import { EXIT_FAILURE, log, oneOf, UsageError, writeResult } from '../io';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';

export function register(program: Command): void {
  const command = program
    .command('decommission')
    .description('take a unit marked `lifecycle: decommissioned` out of service: revoke access, quarantine, remove baseline, close (dry run unless --execute)')
    .argument('<unit>', 'unit name');
  withCatalogOptions(command)
    .option('--execute', 'act (default: only show the plan)')
    .option('--confirm <unit>', 'repeat the unit name to confirm --execute')
    .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER or .vend/audit.jsonl)')
    .option('--format <format>', 'text | json', 'text')
    .action(async (unit: string, opts: CatalogOptions & { execute?: boolean; confirm?: string; ledger?: string; format: string }) => {
      const format = oneOf('--format', opts.format, ['text', 'json'] as const);
      if (opts.confirm && !opts.execute) throw new UsageError('--confirm only makes sense with --execute');
      if (opts.execute && opts.confirm === undefined) throw new UsageError(`--execute needs --confirm ${unit}`);
      const model = loadModel(loadOptions(opts));
      const cloud = model.unit(unit)?.cloud;
      const clients = cloudClients(model, cloud ? [cloud] : [], { log });
      try {
        const report = await decommission({
          model,
          unit,
          execute: opts.execute,
          confirm: opts.confirm,
          ledger: new Ledger(ledgerPath(opts.ledger)),
          aws: clients.aws,
          azure: clients.azure,
          log,
        });
        writeResult(format === 'json' ? JSON.stringify(report, null, 2) : formatRun(report));
        if (report.error) process.exitCode = EXIT_FAILURE;
      } finally {
        clients.aws?.destroy();
      }
    });
}
