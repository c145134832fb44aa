/**
 * The bundled catalog plus `copies` clones of each of its Azure Spaces and PoPs, varied in every
 * value a unit stack is stamped with (name, network, PoP, owners, tags, customer key) and in
 * things that make a different stack (a decommissioned Space, how many Spaces a PoP admits) or
 * must not (an extra tag).
 * Clone names are prefixes of one another (`-c1`, `-c10`), so substitution must never match one
 * inside another. The first two clones keep their original's owners.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUNDLED_CATALOG } from './synth';

export function writeVariedAzureCatalog(dir: string, copies: number): void {
  cpSync(BUNDLED_CATALOG, dir, { recursive: true });
  const units = path.join(dir, 'units');
  let network = 0;
  // One exemplar whose owner is also a constant of every stack (the organization's security
  // contact), shared by its first two clones: stamping must notice when a later clone changes it.
  const shared = path.join(units, 'space-we-shared-dev.yaml');
  writeFileSync(shared, readFileSync(shared, 'utf8').replace(/^owners: .+$/m, 'owners: [security@acme.example]'));
  for (const file of readdirSync(units).sort()) {
    const text = readFileSync(path.join(units, file), 'utf8');
    if (!/^cloud: azure$/m.test(text) || !/^kind: (Space|PoP)$/m.test(text)) continue;
    const name = /^name: (.+)$/m.exec(text)![1];
    const prod = /^environment: prod$/m.test(text);
    const space = /^kind: Space$/m.test(text);
    for (let i = 1; i <= copies; i++) {
      const n = network++;
      const cidr = prod ? `10.${193 + Math.floor(n / 64)}.${(n % 64) * 4}.0/22` : `10.${65 + Math.floor(n / 64)}.${(n % 64) * 4}.0/22`;
      let clone = text
        .replace(/^name: .+$/m, `name: ${name}-c${i}`)
        .replace(/cidr: [0-9./]+/, `cidr: ${cidr}`)
        .replace(/^owners: .+$/m, (line) => (i <= 2 ? line : `owners: [team-${i}@acme.example${i % 4 === 0 ? `, lead-${i}@acme.example` : ''}]`))
        .replace(/pop: (pop-[a-z-]+)/, (_m, pop: string) => `pop: ${pop}-c${((i * 7) % copies) + 1}`)
        .replace(/[0-9a-f]{32}/, (hex) => `${hex.slice(0, 30)}${String(i).padStart(2, '0')}`);
      clone = clone.replace(/^tags: .+$/m, '') + `tags: { cost-center: "9${i}"${i % 3 === 0 ? `, project: p${i}` : ''} }\n`;
      if (space && i % 5 === 0) clone += 'lifecycle: decommissioned\n';
      writeFileSync(path.join(units, `${name}-c${i}.yaml`), clone);
    }
  }
}
