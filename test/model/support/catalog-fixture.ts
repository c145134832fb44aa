/**
 * Builds throwaway catalogs for tests: the bundled example catalog (and shipped templates) with a
 * scenario's files laid over it. Paths in diagnostics are shown as `catalog/...` so expectations
 * read like what a user sees.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatDiagnostic, loadCatalog, sortDiagnostics, validateCatalog, type Diagnostic } from '../../../lib/model';

export const REPO = path.resolve(__dirname, '../../..');

/** A scenario's list of bundled files to take out before its overlay is laid. */
const REMOVE_LIST = 'remove.txt';

export interface FixtureCatalog {
  readonly dir: string;
  readonly templatesDir: string;
  readonly policiesDir: string;
  write(relative: string, content: string | Buffer): void;
  remove(relative: string): void;
  cleanup(): void;
}

export function fixtureCatalog(): FixtureCatalog {
  const root = mkdtempSync(path.join(tmpdir(), 'vend-fixture-'));
  const dir = path.join(root, 'catalog');
  cpSync(path.join(REPO, 'catalog'), dir, { recursive: true });
  cpSync(path.join(REPO, 'templates'), path.join(root, 'templates'), { recursive: true });
  cpSync(path.join(REPO, 'policies'), path.join(root, 'policies'), { recursive: true });
  const resolve = (relative: string) => path.join(root, relative);
  return {
    dir,
    templatesDir: path.join(root, 'templates'),
    policiesDir: path.join(root, 'policies'),
    write(relative, content) {
      mkdirSync(path.dirname(resolve(relative)), { recursive: true });
      writeFileSync(resolve(relative), content);
    },
    remove(relative) {
      rmSync(resolve(relative), { force: true });
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Files of a scenario folder that describe it rather than lie over the catalog. */
const SCENARIO_META = new Set(['expected.txt', 'README.md', REMOVE_LIST]);

/**
 * Lays a scenario folder (catalog/, templates/, policies/ overlays) over a fresh fixture catalog,
 * after taking out the files its remove.txt lists (one path per line, relative to the fixture root).
 */
export function scenarioCatalog(scenarioDir: string): FixtureCatalog {
  const fixture = fixtureCatalog();
  const removals = path.join(scenarioDir, REMOVE_LIST);
  if (existsSync(removals)) {
    for (const rel of readFileSync(removals, 'utf8').split('\n').filter(Boolean)) {
      if (!existsSync(path.join(path.dirname(fixture.dir), rel))) throw new Error(`${removals}: ${rel} is not in the bundled catalog`);
      fixture.remove(rel);
    }
  }
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, rel);
      else if (!SCENARIO_META.has(name)) cpSync(full, path.join(path.dirname(fixture.dir), rel));
    }
  };
  walk(scenarioDir, '');
  return fixture;
}

/** Loads and validates a fixture; diagnostics formatted as the CLI prints them, root shown as its folder names. */
export function validateFixture(fixture: FixtureCatalog): { diagnostics: Diagnostic[]; lines: string[] } {
  const loaded = loadCatalog({ catalogDir: fixture.dir, templatesDir: fixture.templatesDir, policiesDir: fixture.policiesDir });
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...(loaded.catalog ? validateCatalog(loaded.catalog) : [])]);
  const root = path.dirname(fixture.dir) + path.sep;
  const shown = diagnostics.map((d) => ({ ...d, file: d.file.split(root).join(''), message: d.message.split(root).join('') }));
  return { diagnostics: shown, lines: sortDiagnostics(shown).map(formatDiagnostic) };
}
