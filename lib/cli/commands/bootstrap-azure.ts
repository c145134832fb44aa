/**
 * `vend bootstrap azure`: a thin shell over lib/operations/azure/bootstrap*.ts. Exported as a
 * function that adds the `azure` subcommand to a parent `bootstrap` command, next to `bootstrap aws`.
 * A dry run and a refusal read only the catalog: no client is built, no credential is looked for.
 */
import type { Command } from 'commander';
import { loadModel } from '../../model';
import { cloudClients } from '../../operations/config';
import { bootstrapAzure, type BootstrapReport } from '../../operations/azure/bootstrap';
import { azureBootstrapPlan, BootstrapRefusal, type AzureBootstrapPlan } from '../../operations/azure/bootstrap-plan';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { EXIT_ERROR, EXIT_FINDINGS, log, oneOf, withFormat, writeJson, writeResult } from '../io';

const FORMATS = ['text', 'json'] as const;

interface BootstrapAzureOptions extends CatalogOptions {
  readonly dryRun?: boolean;
  readonly stateAccount?: string;
  readonly format: string;
}

export function registerBootstrapAzure(bootstrap: Command): void {
  const command = bootstrap
    .command('azure')
    .description('create the ControlPlane subscription and the Terraform state storage the first Azure apply needs (idempotent)');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--dry-run', 'show what would be checked and created; calls nothing and needs no credentials')
    .option('--state-account <name>', 'state storage account name (default: derived from the organization and tenant)')
    .action(async (opts: BootstrapAzureOptions) => {
      const format = oneOf('--format', opts.format, FORMATS);
      const model = loadModel(loadOptions(opts));
      let plan: AzureBootstrapPlan;
      try {
        plan = azureBootstrapPlan(model, { storageAccount: opts.stateAccount });
      } catch (err) {
        if (!(err instanceof BootstrapRefusal)) throw err;
        if (format === 'json') writeJson('Error', { exitCode: EXIT_FINDINGS, error: { code: 'bootstrap-refused', message: err.message } });
        else log(`error: ${err.message}`);
        process.exitCode = EXIT_FINDINGS;
        return;
      }
      if (opts.dryRun) {
        if (format === 'json') writeJson('AzureBootstrap', { dryRun: true, plan });
        else writeResult(planText(plan));
        return;
      }
      const { azure } = cloudClients(model, ['azure'], { log });
      try {
        const report = await bootstrapAzure({ plan, azure: azure!, log });
        if (format === 'json') writeJson('AzureBootstrap', { dryRun: false, ...report });
        else writeResult(reportText(report));
      } catch (err) {
        const message = `bootstrap stopped: ${(err as Error).message} (run it again to continue from here)`;
        if (format === 'json') writeJson('Error', { exitCode: EXIT_ERROR, error: { code: 'bootstrap-failed', message } });
        else log(`error: ${message}`);
        process.exitCode = EXIT_ERROR;
      }
    });
}

function planText(plan: AzureBootstrapPlan): string {
  return [
    'dry run: nothing is called; each step is done only if missing',
    `  subscription      alias ${plan.alias} on ${plan.billingScope} (${plan.workload}), for unit ${plan.unit}`,
    `  providers         ${plan.resourceProviders.join(', ')}`,
    `  resource group    ${plan.resourceGroup} in ${plan.location}`,
    `  storage account   ${plan.storageAccount} (HTTPS only, TLS 1.2, Entra ID only, no anonymous access), versioning and soft delete`,
    `  container         ${plan.container}`,
  ].join('\n');
}

function reportText(report: BootstrapReport): string {
  return [
    ...report.steps.map((s) => `${s.status.padEnd(8)} ${s.step}: ${s.detail}`),
    '',
    '# for vend synth and the pipeline:',
    ...Object.entries(report.environment).map(([k, v]) => `export ${k}=${v}`),
  ].join('\n');
}
