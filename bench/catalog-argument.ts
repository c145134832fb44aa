import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeGeneratedCatalog } from '../lib/model';

/**
 * The catalog a case reads: the folder the runner generated (argv[3]), or, when a case is run on
 * its own (`node dist/bench/azure-synth.js 500`), a fresh one generated here before timing starts.
 */
export function catalogFor(catalogDir: string | undefined, n: number, cloud: 'aws' | 'azure' | 'mixed', work: string): string {
  if (catalogDir) return catalogDir;
  const dir = path.join(work, 'catalog');
  writeGeneratedCatalog(dir, { units: n, cloud });
  return dir;
}

export function workDir(caseName: string): string {
  return mkdtempSync(path.join(tmpdir(), `vend-bench-${caseName}-`));
}
