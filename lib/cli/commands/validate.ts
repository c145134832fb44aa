import type { Command } from 'commander';
import {
  codeTitle,
  formatDiagnostic,
  hasErrors,
  loadCatalog,
  sortDiagnostics,
  validateCatalog,
  type Diagnostic,
} from '../../model';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { EXIT_FINDINGS, EXIT_OK, log, oneOf, withFormat, withProgress, writeJson, writeResult } from '../io';
import { sarifLog } from '../sarif';
import { vendVersion } from '../version';

const FORMATS = ['text', 'json', 'sarif'] as const;

export function register(program: Command): void {
  const command = program
    .command('validate')
    .description('check the catalog: schema, semantic rules and quotas; every problem as file:line: field: message (exit 1 on any error)');
  withFormat(withCatalogOptions(command), FORMATS).action(async (opts: CatalogOptions & { format: string }) => {
    const format = oneOf('--format', opts.format, FORMATS);
    const diagnostics = await withProgress('validating catalog', () => validate(opts));
    const ok = !hasErrors(diagnostics);
    if (format === 'json') writeJson('Validation', { valid: ok, diagnostics });
    else if (format === 'sarif') writeResult(JSON.stringify(validationSarif(diagnostics), null, 2));
    else {
      if (diagnostics.length > 0) writeResult(diagnostics.map(formatDiagnostic).join('\n'));
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      log(ok ? `catalog ${opts.catalog}: valid` : `catalog ${opts.catalog}: ${errors} ${errors === 1 ? 'error' : 'errors'}`);
    }
    process.exitCode = ok ? EXIT_OK : EXIT_FINDINGS;
  });
}

export function validate(opts: CatalogOptions): Diagnostic[] {
  const loaded = loadCatalog(loadOptions(opts));
  const diagnostics = [...loaded.diagnostics];
  // Semantic rules need well-formed documents; run them on whatever loaded, unless the base is broken.
  if (loaded.catalog) diagnostics.push(...validateCatalog(loaded.catalog));
  return sortDiagnostics(diagnostics);
}

export function validationSarif(diagnostics: readonly Diagnostic[]) {
  return sarifLog(
    'vend validate',
    vendVersion(),
    diagnostics.map((d) => ({
      ruleId: d.code,
      level: d.severity,
      message: d.path ? `${d.path}: ${d.message}` : d.message,
      file: d.file,
      line: d.line,
    })),
    codeTitle,
  );
}
