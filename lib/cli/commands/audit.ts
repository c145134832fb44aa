import type { Command } from 'commander';
import { AwsClients } from '../../operations/aws/clients';
import { auditSettings, openLedger, type Ledger } from '../../operations/ledger';
import { EXIT_FINDINGS, writeResult } from '../io';

interface AuditOptions {
  readonly ledger?: string;
  readonly catalog: string;
  readonly publicKey?: string;
}

function ledgerFor(opts: AuditOptions): Ledger {
  const settings = auditSettings({ ledger: opts.ledger, publicKey: opts.publicKey, catalogDir: opts.catalog });
  return openLedger(settings, { aws: () => new AwsClients() });
}

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only audit ledger of lifecycle operations, its head signed outside the file');
  const withLedger = (c: Command) =>
    c
      .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER, else .vend/audit.jsonl beside the catalog directory)')
      .option('--catalog <dir>', 'catalog directory the default ledger sits beside', 'catalog')
      .option('--public-key <file>', 'PEM public key that must have signed the anchor (default: $VEND_AUDIT_PUBLIC_KEY, else the signing key)');
  withLedger(audit.command('verify'))
    .description('check every entry and link of the chain and that the signed anchor covers its head; exit 1 if the ledger is missing, edited, re-chained or cut short')
    .action(async (opts: AuditOptions) => {
      const ledger = ledgerFor(opts);
      const state = await ledger.inspect();
      if (state.condition === 'ok') {
        writeResult(`${ledger.file}: ${state.entries} entries, chain intact, head signed by ${state.anchor!.keyId} (${ledger.anchorLocation})`);
        return;
      }
      const problems = state.condition === 'absent' ? [`${ledger.file} does not exist and no anchor at ${ledger.anchorLocation} says it should`] : state.problems;
      const verdict = state.condition === 'interrupted' ? 'INTERRUPTED' : state.condition === 'absent' ? 'MISSING' : 'TAMPERED';
      writeResult([`${ledger.file}: ${verdict} (${problems.length} problem(s))`, ...problems.map((p) => `  ${p}`)].join('\n'));
      process.exitCode = EXIT_FINDINGS;
    });
  withLedger(audit.command('repair'))
    .description('complete an append that a crash cut short, from the signed anchor (nothing else is ever rewritten)')
    .action(async (opts: AuditOptions) => {
      const ledger = ledgerFor(opts);
      const entry = await ledger.repair();
      writeResult(entry ? `${ledger.file}: completed entry ${entry.seq} (${entry.action} ${entry.outcome}) from the signed anchor` : `${ledger.file}: nothing to repair, chain intact`);
    });
}
