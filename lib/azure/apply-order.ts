/**
 * The order in which plain Terraform applies the synthesized stacks: every stack after the stacks
 * it depends on (tenant, then Central, then PoPs, then Spaces), read from cdktf's manifest.json.
 * Ties are broken by name so the order is the same on every run.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies?: readonly string[]; readonly workingDirectory: string }>;
}

export function applyOrder(manifest: Manifest): string[] {
  const stacks = manifest.stacks;
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`stack dependency cycle: ${[...chain, name].join(' → ')}`);
    const stack = stacks[name];
    if (!stack) throw new Error(`stack '${chain[chain.length - 1]}' depends on unknown stack '${name}'`);
    state.set(name, 'visiting');
    for (const dependency of [...(stack.dependencies ?? [])].sort()) visit(dependency, [...chain, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(stacks).sort()) visit(name, []);
  return order;
}

/** `node dist/lib/azure/apply-order.js cdktf.out` prints one stack working directory per line. */
if (require.main === module) {
  const outdir = process.argv[2] ?? 'cdktf.out';
  const manifest: Manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  for (const name of applyOrder(manifest)) process.stdout.write(path.join(outdir, manifest.stacks[name].workingDirectory) + '\n');
}
