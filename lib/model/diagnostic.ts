/**
 * Problems as data: every check returns diagnostics instead of throwing, so one run reports
 * everything wrong with a catalog, each pointing at a file, line and field.
 */
import { compareStrings } from './compare';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `cidr-overlap`. */
  readonly code: string;
  readonly severity: Severity;
  /** Path as the user gave it (relative to the working directory where possible). */
  readonly file: string;
  /** 1-based line; 0 when the problem is about the file as a whole. */
  readonly line: number;
  /** Field path inside the document, e.g. `network.cidr` or `access[1].role`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** `catalog/units/x.yaml:7: network.cidr: message` — one line, the format editors and CI annotate. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}` : d.file;
  const field = d.path ? ` ${d.path}:` : '';
  const prefix = d.severity === 'warning' ? ' warning:' : '';
  return `${where}:${prefix}${field} ${d.message}`;
}

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.path, b.path) || compareStrings(a.code, b.code),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}

/** A key that would read as another path (empty, space-edged, or holding dots, brackets or quotes). */
const NEEDS_QUOTES = /^$|^\s|\s$|[.[\]"]/;

/** Renders a field path the way users write it: `access[1].role`; an ambiguous key quoted: `tags[""]`. */
export function renderPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      continue;
    }
    const name = String(key);
    if (NEEDS_QUOTES.test(name)) out += `[${JSON.stringify(name)}]`;
    else out += out ? `.${name}` : name;
  }
  return out;
}

/** Thrown for invalid catalogs by APIs that need a valid one (synth, plan); carries every diagnostic. */
export class CatalogError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(sortDiagnostics(diagnostics).map(formatDiagnostic).join('\n'));
    this.name = 'CatalogError';
  }
}
