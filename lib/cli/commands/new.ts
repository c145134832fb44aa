import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ACCESS_ROLES, CatalogError, CLOUDS, hasErrors, loadCatalog, newUnit, type AccessRole, type NewUnitRequest } from '../../model';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { log, oneOf, UsageError, withFormat, writeJson, writeResult } from '../io';
import { writeFileAtomic } from '../paths';

const FORMATS = ['text', 'json'] as const;

interface NewFlags extends CatalogOptions {
  readonly name?: string;
  readonly cloud?: string;
  readonly environment?: string;
  readonly region?: string;
  readonly owner: string[];
  readonly pop?: string;
  readonly cidr?: string;
  readonly prefix: string;
  readonly tenancy?: string;
  readonly access: string[];
  readonly tag: string[];
  readonly dryRun?: boolean;
  readonly format: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command): void {
  const command = program
    .command('new')
    .description('write a new unit file for a pull request: vend new space|pop, from flags or (on a terminal) prompts; the network is the next free block of the environment\'s ranges')
    .argument('<kind>', 'space | pop');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--name <name>', 'unit name, e.g. space-eu-globex-prod')
    .option('--cloud <cloud>', 'aws | azure')
    .option('--environment <env>', 'an environment of organization.yaml')
    .option('--region <region>', 'region or location (default: the first the organization allows)')
    .option('--owner <email>', 'an owner e-mail (repeatable)', collect, [])
    .option('--pop <pop>', 'Spaces: the PoP to reach (default: the PoP of the environment, cloud and region)')
    .option('--cidr <cidr>', 'the network (default: the next free block of the environment\'s networkRanges)')
    .option('--prefix <n>', 'size of the allocated network', '22')
    .option('--tenancy <tenancy>', 'Spaces: single | multi (default: the template\'s)')
    .option('--access <group:role>', 'an access grant (repeatable)', collect, [])
    .option('--tag <key=value>', 'a tag (repeatable)', collect, [])
    .option('--dry-run', 'print the file instead of writing it')
    .action(async (kindArg: string, flags: NewFlags) => {
      const format = oneOf('--format', flags.format, FORMATS);
      const kind = oneOf('<kind>', kindArg, ['space', 'pop'] as const) === 'space' ? 'Space' : 'PoP';
      const loaded = loadCatalog(loadOptions(flags));
      if (!loaded.catalog || hasErrors(loaded.diagnostics)) throw new CatalogError(loaded.diagnostics);
      const request = await requestFrom(kind, flags);
      const result = newUnit(loaded.catalog, request, path.join(flags.catalog, 'units'));
      if (hasErrors(result.diagnostics)) throw new CatalogError(result.diagnostics);
      if (!flags.dryRun) {
        if (existsSync(result.file)) throw new UsageError(`${result.file} already exists`);
        writeFileAtomic(result.file, result.content, '--name');
        log(`wrote ${result.file}; next: vend validate, vend plan, then open a pull request`);
      }
      if (format === 'json') writeJson('NewUnit', { file: result.file, written: !flags.dryRun, content: result.content });
      else writeResult(flags.dryRun ? result.content : result.file);
    });
}

/** The request from flags; what is missing is asked for on a terminal, and a usage error elsewhere. */
async function requestFrom(kind: 'Space' | 'PoP', flags: NewFlags): Promise<NewUnitRequest> {
  const missing = (['name', 'cloud', 'environment'] as const).filter((f) => !flags[f]);
  const owners = [...flags.owner];
  const answers: Record<string, string> = {};
  if (missing.length || owners.length === 0) {
    if (!process.stdin.isTTY) throw new UsageError(`missing ${[...missing.map((m) => `--${m}`), ...(owners.length ? [] : ['--owner'])].join(', ')}`);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      for (const field of missing) answers[field] = (await rl.question(`${field}: `)).trim();
      if (owners.length === 0) owners.push(...(await rl.question('owner e-mails (comma-separated): ')).split(',').map((s) => s.trim()).filter(Boolean));
    } finally {
      rl.close();
    }
  }
  const value = (field: 'name' | 'cloud' | 'environment') => flags[field] ?? answers[field];
  const prefix = Number(flags.prefix);
  if (!Number.isInteger(prefix) || prefix < 16 || prefix > 28) throw new UsageError('--prefix must be a whole number from 16 to 28');
  return {
    kind,
    name: value('name')!,
    cloud: oneOf('--cloud', value('cloud')!, CLOUDS),
    environment: value('environment')!,
    region: flags.region,
    owners,
    pop: flags.pop,
    cidr: flags.cidr,
    prefix,
    tenancy: flags.tenancy ? oneOf('--tenancy', flags.tenancy, ['single', 'multi'] as const) : undefined,
    access: flags.access.map(parseAccess),
    tags: Object.fromEntries(flags.tag.map(parseTag)),
  };
}

function parseAccess(text: string): { group: string; role: AccessRole } {
  const at = text.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`--access ${text}: expected group:role`);
  return { group: text.slice(0, at), role: oneOf('--access role', text.slice(at + 1), ACCESS_ROLES) };
}

function parseTag(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`--tag ${text}: expected key=value`);
  return [text.slice(0, at), text.slice(at + 1)];
}
