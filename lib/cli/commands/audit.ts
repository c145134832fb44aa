import type { Command } from 'commander';
import { AwsClients } from '../../operations/aws/clients';
import { auditSettings, openLedger, type Ledger } from '../../operations/ledger';
import { EXIT_FINDINGS, log, oneOf, withFormat, writeJson, writeResult } from '../io';
import { refuseSpecialPath } from '../paths';

const FORMATS = ['text', 'json'] as const;

interface AuditOptions {
  readonly ledger?: string;
  readonly catalog: string;
  readonly publicKey?: string;
  readonly format: string;
}

function ledgerFor(opts: AuditOptions): Ledger {
  const settings = auditSettings({ ledger: opts.ledger, publicKey: opts.publicKey, catalogDir: opts.catalog });
  refuseSpecialPath(settings.ledger, opts.ledger ? '--ledger' : 'VEND_AUDIT_LEDGER');
  return openLedger(settings, { aws: () => new AwsClients() });
}

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only audit ledger of lifecycle operations, its head signed outside the file');
  const withLedger = (c: Command) =>
    withFormat(c, FORMATS)
      .option('--ledger <file>', 'audit ledger (default: $VEND_AUDIT_LEDGER, else .vend/audit.jsonl beside the catalog directory)')
      .option('--catalog <dir>', 'catalog directory the default ledger sits beside', 'catalog')
      .option('--public-key <file>', 'PEM public key that must have signed the anchor (default: $VEND_AUDIT_PUBLIC_KEY, else the signing key)');
  withLedger(audit.command('verify'))
    .description('check every entry and link of the chain and that the signed anchor covers its head; exit 1 if the ledger is missing, edited, re-chained or cut short')
    .option('--repair', 'first complete an append a crash cut short, from the signed anchor (nothing else is ever rewritten)')
    .action(async (opts: AuditOptions & { repair?: boolean }) => {
      const format = oneOf('--format', opts.format, FORMATS);
      const ledger = ledgerFor(opts);
      if (opts.repair) {
        const state = await ledger.inspect();
        const entry = state.condition === 'interrupted' ? await ledger.repair() : undefined;
        if (entry) log(`${ledger.file}: completed entry ${entry.seq} (${entry.action} ${entry.outcome}) from the signed anchor`);
      }
      const state = await ledger.inspect();
      // The deploy relies on verify as a gate: a ledger that is not there cannot be vouched for.
      const problems = state.condition === 'absent' ? [`${ledger.file} does not exist and no anchor at ${ledger.anchorLocation} says it should`] : state.problems;
      const intact = state.condition === 'ok';
      if (format === 'json') writeJson('AuditVerification', { ledger: ledger.file, intact, entries: state.entries, problems });
      else if (intact) writeResult(`${ledger.file}: ${state.entries} entries, chain intact, head signed by ${state.anchor!.keyId} (${ledger.anchorLocation})`);
      else {
        const verdict = state.condition === 'interrupted' ? 'INTERRUPTED' : state.condition === 'absent' ? 'MISSING' : 'TAMPERED';
        writeResult([`${ledger.file}: ${verdict} (${problems.length} problem(s))`, ...problems.map((p) => `  ${p}`)].join('\n'));
      }
      if (!intact) process.exitCode = EXIT_FINDINGS;
    });
}
