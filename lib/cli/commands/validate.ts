import type { Command } from 'commander';
import {
  formatDiagnostic,
  hasErrors,
  loadCatalog,
  sortDiagnostics,
  validateCatalog,
  type Diagnostic,
} from '../../model';
import { EXIT_FAILURE, EXIT_OK, oneOf, withProgress, writeResult } from '../io';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { liveEvidence } from '../../operations/decommission/live-evidence';
import { auditSettings, openLedger } from '../../operations/ledger';

type ValidateOptions = CatalogOptions & { inventory?: string; ledger?: string };

export function register(program: Command): void {
  const command = program
    .command('validate')
    .description('check the catalog: schema, semantic rules and quotas; every problem as file:line: field: message');
  withCatalogOptions(command)
    .option('--format <format>', 'text | json', 'text')
    .option('--inventory <file>', 'an inventory snapshot: a unit file may not be removed while its account or subscription is live')
    .option('--ledger <file>', 'the audit ledger (verified first): which units vend closed')
    .action(async (opts: ValidateOptions & { format: string }) => {
      const format = oneOf('--format', opts.format, ['text', 'json'] as const);
      const diagnostics = await withProgress('validating catalog', () => validate(opts));
      const ok = !hasErrors(diagnostics);
      if (format === 'json') {
        writeResult(JSON.stringify({ valid: ok, diagnostics }, null, 2));
      } else if (diagnostics.length > 0) {
        writeResult(diagnostics.map(formatDiagnostic).join('\n'));
      }
      if (format === 'text') {
        const errors = diagnostics.filter((d) => d.severity === 'error').length;
        process.stderr.write(ok ? `catalog ${opts.catalog} is valid\n` : `${errors} error(s) in catalog ${opts.catalog}\n`);
      }
      process.exitCode = ok ? EXIT_OK : EXIT_FAILURE;
    });
}

export async function validate(opts: ValidateOptions): Promise<Diagnostic[]> {
  const loaded = loadCatalog(loadOptions(opts));
  const diagnostics = [...loaded.diagnostics];
  const ledger = opts.ledger ? openLedger(auditSettings({ ledger: opts.ledger, catalogDir: opts.catalog })) : undefined;
  const live = await liveEvidence({ inventory: opts.inventory, ledger });
  diagnostics.push(...live.diagnostics);
  // Semantic rules need well-formed documents; run them on whatever loaded, unless the base is broken.
  if (loaded.catalog) diagnostics.push(...validateCatalog(loaded.catalog, live.evidence));
  return sortDiagnostics(diagnostics);
}
