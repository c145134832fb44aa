import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { ledgerPath } from '../../operations/config';
import { Ledger } from '../../operations/ledger';
import { EXIT_FINDINGS, FindingsError, oneOf, withFormat, writeJson, writeResult } from '../io';
import { refuseSpecialPath } from '../paths';

const FORMATS = ['text', 'json'] as const;

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only audit ledger of lifecycle operations');
  withFormat(
    audit
      .command('verify')
      .description('check that no ledger line was edited, inserted or deleted; exit 1 if one was, or if there is no ledger')
      .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER or .vend/audit.jsonl)'),
    FORMATS,
  ).action((opts: { ledger?: string; format: string }) => {
    const format = oneOf('--format', opts.format, FORMATS);
    const file = ledgerPath(opts.ledger);
    refuseSpecialPath(file, '--ledger');
    // The deploy relies on verify as a gate: a ledger that is not there cannot be vouched for.
    if (!existsSync(file)) throw new FindingsError(`${file}: no audit ledger there`);
    const result = new Ledger(file).verify();
    if (format === 'json') writeJson('AuditVerification', { ledger: file, intact: result.ok, entries: result.entries, problems: result.ok ? [] : result.problems });
    else if (result.ok) writeResult(`${file}: ${result.entries} entries, chain intact`);
    else writeResult([`${file}: TAMPERED (${result.problems.length} problem(s))`, ...result.problems.map((p) => `  ${p}`)].join('\n'));
    if (!result.ok) process.exitCode = EXIT_FINDINGS;
  });
}
