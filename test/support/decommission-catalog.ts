/** Catalogs with units marked decommissioned, for the lifecycle tests of both clouds. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A copy of `catalogDir` with these units marked decommissioned (as their pull request would). */
export function catalogDecommissioning(catalogDir: string, units: readonly string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vend-azure-decom-'));
  cpSync(catalogDir, dir, { recursive: true });
  for (const unit of units) {
    const file = path.join(dir, 'units', `${unit}.yaml`);
    const text = readFileSync(file, 'utf8');
    if (/^lifecycle:/m.test(text)) throw new Error(`${file} already sets lifecycle`);
    writeFileSync(file, `${text.trimEnd()}\nlifecycle: decommissioned\n`);
  }
  return dir;
}

/** In a generated catalog: the first PoP with every Space that reaches it, and every third other Space. */
export function generatedToDecommission(catalogDir: string): string[] {
  const units = readdirSync(path.join(catalogDir, 'units')).map((f) => readFileSync(path.join(catalogDir, 'units', f), 'utf8'));
  const field = (text: string, re: RegExp) => re.exec(text)?.[1];
  const pops = units.filter((t) => /^kind: PoP/m.test(t)).map((t) => field(t, /^name: (\S+)/m)!);
  const spaces = units.filter((t) => /^kind: Space/m.test(t)).map((t) => ({ name: field(t, /^name: (\S+)/m)!, pop: field(t, /pop: ([\w-]+)/) }));
  const pop = pops[0];
  return [pop, ...spaces.filter((s, i) => s.pop === pop || i % 3 === 0).map((s) => s.name)].filter(Boolean).sort();
}

export function cleanupCatalog(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
