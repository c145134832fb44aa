/**
 * The `vend` command line: one table of commands, each a thin shell over the model, the
 * realizations or the operations.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CatalogError, formatDiagnostic, packageRoot, sortDiagnostics } from '../model';
import * as audit from './commands/audit';
import * as bootstrap from './commands/bootstrap';
import * as decommission from './commands/decommission';
import * as drift from './commands/drift';
import * as generate from './commands/generate';
import * as inventory from './commands/inventory';
import * as plan from './commands/plan';
import * as schema from './commands/schema';
import * as synth from './commands/synth';
import * as validate from './commands/validate';
import { EXIT_FAILURE, EXIT_USAGE, log, UsageError, writeResult } from './io';

const COMMANDS: ReadonlyArray<{ register(program: Command): void }> = [
  validate,
  plan,
  synth,
  inventory,
  drift,
  decommission,
  audit,
  bootstrap,
  schema,
  generate,
];

export function buildProgram(): Command {
  const program = new Command('vend')
    .description('vend: stamps out isolated AWS accounts and Azure subscriptions from a catalog, and takes them out of service')
    .version(JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version)
    .showHelpAfterError()
    .exitOverride();
  for (const command of COMMANDS) command.register(program);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    return report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version are successful exits; everything else commander rejects is a usage error
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return EXIT_USAGE;
  }
  if (err instanceof UsageError) {
    log(`error: ${err.message}`);
    return EXIT_USAGE;
  }
  if (err instanceof CatalogError) {
    writeResult(sortDiagnostics(err.diagnostics).map(formatDiagnostic).join('\n'));
    log(`${err.diagnostics.length} problem(s); nothing was written`);
    return EXIT_FAILURE;
  }
  const error = err as Error & { code?: string };
  log(`error: ${error.message ?? String(err)}`);
  if (process.env.VEND_DEBUG) log(error.stack ?? '');
  return EXIT_FAILURE;
}
