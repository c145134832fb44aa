import type { Command } from 'commander';
import { loadModel } from '../../model';
import { bootstrapAws, formatBootstrap, type BootstrapReport } from '../../operations/aws/bootstrap';
import { cloudClients } from '../../operations/config';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, log, oneOf, withFormat, writeJson, writeResult } from '../io';

const FORMATS = ['text', 'json'] as const;

/** 4 when a call failed, 1 when a step needs a person (or was skipped behind one), else 0. */
export function bootstrapExitCode(report: BootstrapReport): number {
  if (report.steps.some((s) => s.status === 'failed')) return EXIT_ERROR;
  if (report.steps.some((s) => s.status === 'blocked' || s.status === 'skipped')) return EXIT_FINDINGS;
  return EXIT_OK;
}

/**
 * `vend bootstrap aws [--dry-run]`: the one-time organization setup before the first deploy, from
 * the management account. Exit 0 when every step is done, 1 when a step needs a person (blocked),
 * 4 when a call failed.
 */
export function registerAws(parent: Command): void {
  const command = parent
    .command('aws')
    .description('one-time AWS setup from the management account: trusted access, policy types, root access, StackSets role, SSM parameters (idempotent)');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--dry-run', 'read and list every step with what it would do; change nothing')
    .action(async (opts: CatalogOptions & { dryRun?: boolean; format: string }) => {
      const format = oneOf('--format', opts.format, FORMATS);
      const model = loadModel(loadOptions(opts));
      const clients = cloudClients(model, ['aws'], { log });
      try {
        const report = await bootstrapAws({ model, aws: clients.aws!, dryRun: opts.dryRun, log });
        if (format === 'json') writeJson('Bootstrap', report);
        else writeResult(formatBootstrap(report));
        process.exitCode = bootstrapExitCode(report);
      } finally {
        clients.aws?.destroy();
      }
    });
}
