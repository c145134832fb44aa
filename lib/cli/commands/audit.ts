import type { Command } from 'commander';
import { ledgerPath } from '../../operations/config';
import { Ledger } from '../../operations/ledger';
import { EXIT_FAILURE, writeResult } from '../io';

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only audit ledger of lifecycle operations');
  audit
    .command('verify')
    .description('check that no ledger line was edited, inserted or deleted; exit 1 if one was')
    .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER or .vend/audit.jsonl)')
    .action((opts: { ledger?: string }) => {
      const file = ledgerPath(opts.ledger);
      const result = new Ledger(file).verify();
      if (result.ok) writeResult(`${file}: ${result.entries} entries, chain intact`);
      else {
        writeResult([`${file}: TAMPERED (${result.problems.length} problem(s))`, ...result.problems.map((p) => `  ${p}`)].join('\n'));
        process.exitCode = EXIT_FAILURE;
      }
    });
}
