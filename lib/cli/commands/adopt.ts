import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  adoptionMapSchema,
  awsAdoptionCandidates,
  azureAdoptionCandidates,
  CatalogError,
  checkSchema,
  loadModel,
  planAdoption,
  readBounded,
  SourceFile,
  type Adoption,
  type AdoptionCandidate,
  type AdoptionMap,
  type Cloud,
  type Diagnostic,
  type Inventory,
  type VendModel,
} from '../../model';
import { applyAdoption } from '../../operations/aws/adopt';
import { applyAzureAdoption } from '../../operations/azure/adopt';
import { cloudClients } from '../../operations/config';
import { readInventory } from '../../operations/inventory';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { readInventoryFile } from '../inventory-file';
import { log, oneOf, UsageError, withFormat, withProgress, writeJson, writeResult } from '../io';
import { refuseSpecialPath, writeFileAtomic } from '../paths';

const FORMATS = ['text', 'json'] as const;

interface AdoptFlags extends CatalogOptions {
  readonly cloud: string;
  readonly inventory?: string;
  readonly mapping?: string;
  readonly execute?: boolean;
  readonly format: string;
}

export function register(program: Command): void {
  const command = program
    .command('adopt')
    .description('bring accounts and subscriptions no unit claims under vend: write their unit files and tag and move them (a plan unless --execute); nothing is created again');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--cloud <cloud>', 'aws or azure', 'aws')
    .option('--inventory <file>', 'plan from this snapshot instead of reading the cloud (only without --execute)')
    .option('--mapping <file>', 'YAML AdoptionMap: per account or subscription id its unit name, kind, environment, owners, … or skip: true')
    .option('--execute', 'write the unit files, then tag and move the accounts or subscriptions')
    .action(async (flags: AdoptFlags) => {
      const format = oneOf('--format', flags.format, FORMATS);
      const cloud: Cloud = oneOf('--cloud', flags.cloud, ['aws', 'azure'] as const);
      if (flags.execute && flags.inventory) throw new UsageError('--execute reads the cloud itself; drop --inventory');
      const model = loadModel(loadOptions(flags));
      const map = flags.mapping ? readMapping(flags.mapping) : undefined;
      const clients = cloudClients(model, flags.inventory ? [] : [cloud], { log });
      try {
        const inventory: Inventory = flags.inventory
          ? readInventoryFile(flags.inventory)
          : await withProgress(`reading ${cloud}`, () => readInventory({ clouds: [cloud], aws: clients.aws, azure: clients.azure }));
        const adoption = planAdoption(model, cloud, candidates(model, cloud, inventory), path.join(flags.catalog, 'units'), map);
        if (adoption.diagnostics.length) throw new CatalogError(adoption.diagnostics);
        if (flags.execute) await execute(adoption, clients);
        if (format === 'json') writeJson('Adoption', { executed: flags.execute ?? false, accounts: adoption.accounts });
        else writeResult(describe(adoption, cloud, flags.execute ?? false));
      } finally {
        clients.aws?.destroy();
      }
    });
}

function candidates(model: VendModel, cloud: Cloud, inventory: Inventory): AdoptionCandidate[] {
  if (cloud === 'aws') {
    if (!inventory.aws) throw new UsageError('the inventory did not read aws');
    return awsAdoptionCandidates(model, inventory.aws);
  }
  if (!inventory.azure) throw new UsageError('the inventory did not read azure');
  return azureAdoptionCandidates(inventory.azure);
}

/** Unit files first (a catalog that names the accounts), then tags and moves, each idempotent. */
async function execute(adoption: Adoption, clients: ReturnType<typeof cloudClients>): Promise<void> {
  for (const a of adoption.accounts) {
    if (a.file && !existsSync(a.file.path)) writeFileAtomic(a.file.path, a.file.content, '--catalog');
  }
  for (const a of adoption.accounts) {
    if (a.cloud === 'aws') await applyAdoption(clients.aws!, a, log);
    else await applyAzureAdoption(clients.azure!, a, log);
  }
}

function describe(adoption: Adoption, cloud: Cloud, executed: boolean): string {
  if (adoption.accounts.length === 0) return `nothing to adopt: every ${cloud === 'aws' ? 'account' : 'subscription'} belongs to a unit`;
  const lines = [executed ? 'Adopted' : 'Adoption plan (dry run; --execute to apply)'];
  for (const a of adoption.accounts) {
    lines.push(`  ${a.account.id} '${a.account.name}'${a.account.email ? ` <${a.account.email}>` : ''} → unit ${a.unit}`);
    if (a.file) lines.push(`      ${executed ? 'wrote' : 'write'} ${a.file.path}`);
    lines.push(`      ${executed ? 'tagged' : 'tag'} ${Object.entries(a.tags).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    if (a.moveTo) lines.push(`      ${executed ? 'moved' : 'move'} ${a.account.ouPath || '(root)'} → ${a.moveTo}`);
  }
  if (!executed) lines.push('then: open a pull request with the unit files; the deploy adds each baseline (the plan shows re-baseline)');
  return lines.join('\n');
}

function readMapping(file: string): AdoptionMap {
  refuseSpecialPath(file, '--mapping');
  const diagnostics: Diagnostic[] = [];
  const content = readBounded(file, file, diagnostics);
  if (content === undefined) throw new CatalogError(diagnostics);
  const parsed = SourceFile.parse(file, content);
  if (parsed.value === undefined) throw new CatalogError(parsed.problems);
  const checked = checkSchema(adoptionMapSchema, parsed.value, parsed.source);
  if (!checked.value) throw new CatalogError(checked.problems);
  return checked.value;
}
