/** The options every catalog-reading command takes, declared once. */
import type { Command } from 'commander';
import type { LoadOptions } from '../model';

export interface CatalogOptions {
  readonly catalog: string;
  readonly templates?: string;
  readonly policies?: string;
}

export function withCatalogOptions(command: Command): Command {
  return command
    .option('--catalog <dir>', 'catalog directory', 'catalog')
    .option('--templates <dir>', 'templates directory (default: the templates shipped with vend)')
    .option('--policies <dir>', 'policies directory (default: the policies shipped with vend)');
}

export function loadOptions(opts: CatalogOptions): LoadOptions {
  return { catalogDir: opts.catalog, templatesDir: opts.templates, policiesDir: opts.policies };
}
