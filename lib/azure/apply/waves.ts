/**
 * Apply waves from cdktf's manifest.json: wave 0 holds the stacks that depend on nothing (the tenant
 * stack), and each later wave the stacks whose dependencies all sit in earlier waves (Central, then
 * the ControlPlane and PoPs, then Spaces). Stacks in one wave are independent of each other, so a
 * runner may apply them in parallel. Names are sorted inside a wave so every run is identical.
 */

export interface ManifestStack {
  readonly dependencies?: readonly string[];
  readonly workingDirectory: string;
}

export interface Manifest {
  readonly stacks: Readonly<Record<string, ManifestStack>>;
}

export function applyWaves(manifest: Manifest): string[][] {
  const stacks = manifest.stacks;
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (name: string, chain: readonly string[]): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) throw new Error(`stack dependency cycle: ${[...chain, name].join(' → ')}`);
    const stack = stacks[name];
    if (!stack) throw new Error(`stack '${chain[chain.length - 1]}' depends on unknown stack '${name}'`);
    visiting.add(name);
    const deps = [...(stack.dependencies ?? [])].sort();
    const mine = deps.length ? 1 + Math.max(...deps.map((d) => visit(d, [...chain, name]))) : 0;
    visiting.delete(name);
    level.set(name, mine);
    return mine;
  };
  for (const name of Object.keys(stacks).sort()) visit(name, []);
  const waves: string[][] = [];
  for (const [name, l] of level) (waves[l] ??= []).push(name);
  return waves.map((w) => w.sort());
}

/** Every stack after the stacks it depends on: the waves, flattened. */
export function applyOrder(manifest: Manifest): string[] {
  return applyWaves(manifest).flat();
}
