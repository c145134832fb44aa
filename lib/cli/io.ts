/**
 * How the CLI talks: results on stdout, progress and logs on stderr, outcomes as exit codes.
 * Commands write through these helpers so pipelines can parse stdout safely.
 */
import type { Command } from 'commander';
import { API_VERSION } from '../model';

/**
 * Exit codes: one meaning across every command (README "Exit codes"; test/cli/exit-codes.test.ts
 * runs every command through each code it can return).
 *   0 success · 1 findings (invalid input, plan conflicts, a tampered ledger) · 2 usage error
 *   3 drift found · 4 error (an operation or cloud call failed) · 5 pending (nothing failed, but
 *   the work is not finished: a closure queued on quota, a step waiting for a deploy)
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
/** Wrong usage: unknown flag or command, missing argument, a value the command cannot take. */
export const EXIT_USAGE = 2;
export const EXIT_DRIFT = 3;
export const EXIT_ERROR = 4;
export const EXIT_PENDING = 5;
/** @deprecated the old catch-all; use EXIT_FINDINGS or EXIT_ERROR. */
export const EXIT_FAILURE = EXIT_FINDINGS;

export const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  [EXIT_OK]: 'success',
  [EXIT_FINDINGS]: 'findings',
  [EXIT_USAGE]: 'usage error',
  [EXIT_DRIFT]: 'drift found',
  [EXIT_ERROR]: 'error',
  [EXIT_PENDING]: 'pending',
};

export type OutputFormat = 'text' | 'markdown' | 'json' | 'sarif';

export function writeResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function log(text: string): void {
  process.stderr.write(text + '\n');
}

/**
 * The one JSON envelope every command's `--format json` output (errors included) uses:
 * `{ apiVersion, kind, ... }`, described by schema/output.schema.json.
 */
export function jsonEnvelope(kind: string, body: object): string {
  return JSON.stringify({ apiVersion: API_VERSION, kind, ...body }, null, 2);
}

export function writeJson(kind: string, body: object): void {
  writeResult(jsonEnvelope(kind, body));
}

/** Declares `--format` with the formats a command supports, text first. */
export function withFormat(command: Command, formats: readonly OutputFormat[]): Command {
  return command.option('--format <format>', formats.join(' | '), formats[0]);
}

/** The `--format` a command line asks for, read before parsing so errors can honour it. */
export function requestedFormat(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--format') return argv[i + 1];
    if (argv[i].startsWith('--format=')) return argv[i].slice('--format='.length);
  }
  return undefined;
}

/**
 * Runs `task`, announcing it on stderr only if it takes longer than a second, so quick commands
 * stay quiet and slow ones show they are alive. The timer fires only while the event loop runs:
 * synchronous work (synthesis) reports its own steps through `progress`.
 */
export async function withProgress<T>(label: string, task: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  let announced = false;
  const timer = setTimeout(() => {
    announced = true;
    log(`${label}…`);
  }, 1000);
  try {
    const result = await task();
    if (announced) log(`${label}: done in ${seconds(started)}`);
    return result;
  } catch (err) {
    if (announced) log(`${label}: failed after ${seconds(started)}`);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function seconds(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** A usage error: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

/** A refusal or finding that is the user's to fix (an active unit, a missing ledger): exit code 1. */
export class FindingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FindingsError';
  }
}
