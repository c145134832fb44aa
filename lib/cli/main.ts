/**
 * The `vend` command line: one table of commands, each a thin shell over the model, the
 * realizations or the operations.
 */
import { Command, CommanderError } from 'commander';
import { CatalogError, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../model';
import { vendVersion } from './version';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FindingsError, log, requestedFormat, UsageError, writeJson } from './io';

interface CommandModule {
  register(program: Command): void;
}

/**
 * The commands, each loaded only when registered: `vend synth` does not pay for the AWS SDK
 * clients `vend adopt` needs (about a second of start-up when every module was loaded).
 */
const COMMANDS: ReadonlyArray<{ readonly name: string; load(): CommandModule }> = [
  { name: 'validate', load: () => require('./commands/validate') as CommandModule },
  { name: 'plan', load: () => require('./commands/plan') as CommandModule },
  { name: 'new', load: () => require('./commands/new') as CommandModule },
  { name: 'synth', load: () => require('./commands/synth') as CommandModule },
  { name: 'inventory', load: () => require('./commands/inventory') as CommandModule },
  { name: 'drift', load: () => require('./commands/drift') as CommandModule },
  { name: 'adopt', load: () => require('./commands/adopt') as CommandModule },
  { name: 'decommission', load: () => require('./commands/decommission') as CommandModule },
  { name: 'audit', load: () => require('./commands/audit') as CommandModule },
  { name: 'bootstrap', load: () => require('./commands/bootstrap') as CommandModule },
  { name: 'schema', load: () => require('./commands/schema') as CommandModule },
  { name: 'generate', load: () => require('./commands/generate') as CommandModule },
];

/** The program with every command, or only `only` when that names one (what `main` runs). */
export function buildProgram(only?: string): Command {
  const program = new Command('vend')
    .description('vend: stamps out isolated AWS accounts and Azure subscriptions from a catalog, and takes them out of service')
    .version(vendVersion())
    .showHelpAfterError()
    .exitOverride();
  const chosen = COMMANDS.filter((c) => c.name === only);
  for (const command of chosen.length ? chosen : COMMANDS) command.load().register(program);
  for (const sub of allCommands(program)) sub.exitOverride();
  return program;
}

/** Every command below `root`, depth first, with its full name (`audit verify`). */
export function allCommands(root: Command): Command[] {
  return root.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** The commands a user can run: those without subcommands of their own, by full name. */
export function leafCommands(root: Command, prefix = ''): string[] {
  return root.commands.flatMap((c) => {
    const name = `${prefix}${c.name()}`;
    return c.commands.length ? leafCommands(c, `${name} `) : [name];
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  const json = requestedFormat(argv) === 'json';
  process.exitCode = undefined;
  try {
    await buildProgram(argv[0]).parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? EXIT_OK);
  } catch (err) {
    return report(err, json);
  } finally {
    process.exitCode = undefined;
  }
}

/**
 * Turns whatever stopped a command into its exit code and one report: on stderr as text, or as
 * the `Error` envelope on stdout under `--format json`, so a pipeline never parses prose.
 */
function report(err: unknown, json: boolean): number {
  const { code, exitCode, message, diagnostics } = classify(err);
  if (exitCode === EXIT_OK) return EXIT_OK;
  if (json) {
    writeJson('Error', { exitCode, error: { code, message }, ...(diagnostics ? { diagnostics } : {}) });
    return exitCode;
  }
  if (err instanceof CommanderError) {
    // commander has printed the error (and the help) itself
  } else if (diagnostics) {
    log(diagnostics.map(formatDiagnostic).join('\n'));
    log(`${diagnostics.length} problem(s)`);
  } else if (message) {
    log(`error: ${message}`);
  }
  if (process.env.VEND_DEBUG && err instanceof Error) log(err.stack ?? '');
  return exitCode;
}

interface Classified {
  readonly code: string;
  readonly exitCode: number;
  readonly message: string;
  readonly diagnostics?: readonly Diagnostic[];
}

function classify(err: unknown): Classified {
  if (err instanceof CommanderError) {
    // --help and --version succeed; commander has already printed what it had to say
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return { code: err.code, exitCode: EXIT_OK, message: '' };
    // a bare `vend` or `vend audit` prints help as an error: a command is missing
    const message = err.code === 'commander.help' ? 'a command is required' : err.message.replace(/^error: /, '');
    return { code: 'usage', exitCode: EXIT_USAGE, message };
  }
  if (err instanceof UsageError) return { code: 'usage', exitCode: EXIT_USAGE, message: err.message };
  if (err instanceof FindingsError) return { code: 'refused', exitCode: EXIT_FINDINGS, message: err.message };
  if (err instanceof CatalogError) {
    const diagnostics = sortDiagnostics(err.diagnostics);
    return { code: 'invalid-input', exitCode: EXIT_FINDINGS, message: `${diagnostics.length} problem(s)`, diagnostics };
  }
  const error = err as Error & { code?: unknown };
  return { code: typeof error.code === 'string' ? error.code : 'error', exitCode: EXIT_ERROR, message: error.message ?? String(err) };
}
