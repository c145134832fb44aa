/**
 * The Azure apply runner: dependency waves (bundled catalog, and a generated 2,000-unit catalog),
 * and the runner driving a fake `terraform` on PATH that records every invocation: order, bounded
 * parallelism, one shared plugin cache, failures that block only their dependents, plans of new
 * units, shards.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TENANT_STACK } from '../../lib/azure';
import { main } from '../../lib/azure/apply/main';
import { inShard, runApply } from '../../lib/azure/apply/runner';
import { applyOrder, applyWaves, type Manifest } from '../../lib/azure/apply/waves';
import { stackDependencies } from '../../lib/azure/stack-dependencies';
import { loadModel, writeGeneratedCatalog } from '../../lib/model';
import { bundledModel, synth } from './support/synth';

const asManifest = (deps: Record<string, string[]>): Manifest => ({
  stacks: { [TENANT_STACK]: { dependencies: [], workingDirectory: `stacks/${TENANT_STACK}` }, ...Object.fromEntries(Object.entries(deps).map(([s, d]) => [s, { dependencies: d, workingDirectory: `stacks/${s}` }])) },
});

describe('apply waves', () => {
  test('bundled catalog: tenant, then Central, then the ControlPlane and PoPs, then Spaces', () => {
    const out = synth(bundledModel());
    try {
      expect(out.manifest.stacks[TENANT_STACK].dependencies).toEqual([]);
      for (const [stack, deps] of Object.entries(stackDependencies(out.model))) expect(out.manifest.stacks[stack].dependencies).toEqual(deps);
      expect(applyWaves(out.manifest as unknown as Manifest)).toEqual([
        [TENANT_STACK],
        ['central-azure-prod'],
        ['control-plane-azure-prod', 'pop-we-dev', 'pop-we-prod'],
        ['space-we-contoso-prod', 'space-we-shared-dev'],
      ]);
    } finally {
      out.cleanup();
    }
  });

  test('a generated 2,000-unit catalog: four waves, every stack after everything it reads', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-waves-2000-'));
    try {
      writeGeneratedCatalog(dir, { units: 2000, cloud: 'azure' });
      const model = loadModel({ catalogDir: dir });
      const manifest = asManifest(stackDependencies(model));
      const waves = applyWaves(manifest);
      expect(waves.flat()).toHaveLength(2001);
      expect(new Set(waves.flat()).size).toBe(2001);
      expect(waves).toHaveLength(4);
      const waveOf = new Map(waves.flatMap((w, i) => w.map((s) => [s, i] as const)));
      for (const [stack, entry] of Object.entries(manifest.stacks)) {
        for (const dep of entry.dependencies ?? []) expect(waveOf.get(dep)!).toBeLessThan(waveOf.get(stack)!);
      }
      const kinds = waves.map((w) => [...new Set(w.map((s) => (s === TENANT_STACK ? 'tenant' : model.unit(s)!.kind)))].sort());
      expect(kinds).toEqual([['tenant'], ['Central'], ['ControlPlane', 'PoP'], ['Space']]);
      // The last wave, the Spaces, is nearly all of the work and is fully parallel.
      expect(waves[3].length).toBeGreaterThan(1800);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails on a dependency cycle or an unknown dependency, naming it', () => {
    const stacks = { a: { dependencies: ['b'], workingDirectory: 'a' }, b: { dependencies: ['a'], workingDirectory: 'b' } };
    expect(() => applyWaves({ stacks })).toThrow('stack dependency cycle: a → b → a');
    expect(() => applyOrder({ stacks: { a: { dependencies: ['ghost'], workingDirectory: 'a' } } })).toThrow("stack 'a' depends on unknown stack 'ghost'");
  });
});

/** A fake terraform that logs `start|end <stack> <command> <ns> <env…>` and fails on request. */
const FAKE_TERRAFORM = `#!/usr/bin/env bash
stack=$(basename "\${1#-chdir=}"); cmd=$2
echo "start $stack $cmd $(date +%s%N) cache=$TF_PLUGIN_CACHE_DIR lockfile=$TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE ev=$ARM_PROVIDER_ENHANCED_VALIDATION args=\${*:2}" >> "$FAKE_TF_LOG"
sleep 0.05
code=0
case ",$FAKE_TF_FAIL," in *",$stack:$cmd,"*) code=1 ;; esac
if [ "$cmd" = plan ]; then case ",$FAKE_TF_CHANGES," in *",$stack,"*) code=2 ;; esac; fi
echo "terraform $cmd for $stack"
echo "end $stack $cmd $(date +%s%N)" >> "$FAKE_TF_LOG"
exit $code
`;

interface Event {
  readonly kind: 'start' | 'end';
  readonly stack: string;
  readonly cmd: string;
  readonly at: bigint;
  readonly rest: string;
}

describe('apply runner with a fake terraform', () => {
  let root: string;
  let outdir: string;
  let bin: string;
  const manifest = asManifest({
    central: [TENANT_STACK],
    'pop-a': [TENANT_STACK, 'central'],
    'pop-b': [TENANT_STACK, 'central'],
    ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`space-a${i}`, [TENANT_STACK, 'central', 'pop-a']])),
    ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`space-b${i}`, [TENANT_STACK, 'central', 'pop-b']])),
  });

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'vend-apply-'));
    outdir = path.join(root, 'cdktf.out');
    bin = path.join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'terraform'), FAKE_TERRAFORM);
    chmodSync(path.join(bin, 'terraform'), 0o755);
    for (const [name, s] of Object.entries(manifest.stacks)) mkdirSync(path.join(outdir, s.workingDirectory), { recursive: true }), writeFileSync(path.join(outdir, s.workingDirectory, 'cdk.tf.json'), `{"stack":"${name}"}`);
    writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}) => ({ PATH: `${bin}:${process.env.PATH}`, FAKE_TF_LOG: path.join(root, 'calls.log'), ...extra });
  const events = (): Event[] =>
    readFileSync(path.join(root, 'calls.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [kind, stack, cmd, at, ...rest] = line.split(' ');
        return { kind: kind as Event['kind'], stack, cmd, at: BigInt(at), rest: rest.join(' ') };
      });
  const span = (all: Event[], stack: string, cmd: string) => ({ start: all.find((e) => e.kind === 'start' && e.stack === stack && e.cmd === cmd)!.at, end: all.find((e) => e.kind === 'end' && e.stack === stack && e.cmd === cmd)!.at });
  const maxConcurrent = (all: Event[]) => {
    let now = 0;
    let max = 0;
    for (const e of [...all].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === 'end' ? -1 : 1))) {
      now += e.kind === 'start' ? 1 : -1;
      max = Math.max(max, now);
    }
    return max;
  };

  test('applies every stack after its dependencies, at most N at once, through one plugin cache', async () => {
    const summary = await runApply({ outdir, mode: 'apply', parallelism: 3, env: env() });
    expect(summary.ok).toBe(true);
    expect(summary.results.map((r) => r.status)).toEqual(Array(Object.keys(manifest.stacks).length).fill('applied'));
    const all = events();
    for (const [stack, entry] of Object.entries(manifest.stacks)) {
      const mine = span(all, stack, 'init');
      expect(span(all, stack, 'apply').start).toBeGreaterThan(mine.end);
      for (const dep of entry.dependencies ?? []) expect(mine.start).toBeGreaterThan(span(all, dep, 'apply').end);
    }
    expect(maxConcurrent(all)).toBeLessThanOrEqual(3);
    expect(maxConcurrent(all)).toBeGreaterThan(1);
    const starts = all.filter((e) => e.kind === 'start');
    expect(new Set(starts.map((e) => /cache=(\S+)/.exec(e.rest)![1]))).toEqual(new Set([path.join(outdir, '.terraform-plugin-cache')]));
    for (const e of starts) expect(e.rest).toContain('lockfile=true ev=false');
    expect(starts.filter((e) => e.cmd === 'apply').every((e) => e.rest.includes('-auto-approve') && e.rest.includes('-parallelism=10'))).toBe(true);
    // Nothing runs next to the first init: it fills the shared cache.
    const first = span(all, TENANT_STACK, 'init');
    expect(all.filter((e) => e.stack !== TENANT_STACK && e.at >= first.start && e.at <= first.end)).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(outdir, 'apply-summary.json'), 'utf8')).results).toHaveLength(16);
    expect(readFileSync(path.join(outdir, 'logs', 'space-a0.log'), 'utf8')).toContain('terraform apply for space-a0');
  });

  test('a failed stack blocks only its dependents; independent stacks carry on', async () => {
    const summary = await runApply({ outdir, mode: 'apply', parallelism: 4, env: env({ FAKE_TF_FAIL: 'pop-a:apply' }) });
    expect(summary.ok).toBe(false);
    const status = Object.fromEntries(summary.results.map((r) => [r.stack, r.status]));
    expect(status['pop-a']).toBe('failed');
    for (let i = 0; i < 6; i++) {
      expect(status[`space-a${i}`]).toBe('blocked');
      expect(status[`space-b${i}`]).toBe('applied');
    }
    expect(summary.results.find((r) => r.stack === 'space-a0')!.reason).toBe('depends on pop-a, which failed');
    expect(events().some((e) => e.stack.startsWith('space-a'))).toBe(false);
  });

  test('plans every stack, new units included, never blocking on a failed plan', async () => {
    const summary = await runApply({ outdir, mode: 'plan', parallelism: 4, env: env({ FAKE_TF_FAIL: 'pop-b:plan', FAKE_TF_CHANGES: 'space-a3,central' }) });
    const byStack = new Map(summary.results.map((r) => [r.stack, r]));
    expect(byStack.get('pop-b')!.status).toBe('failed');
    expect(byStack.get('space-b0')!.status).toBe('planned');
    expect(byStack.get('space-a3')!.changes).toBe(true);
    expect(byStack.get('space-a2')!.changes).toBe(false);
    const plans = events().filter((e) => e.kind === 'start' && e.cmd === 'plan');
    expect(plans).toHaveLength(Object.keys(manifest.stacks).length);
    for (const p of plans) expect(p.rest).toContain('-detailed-exitcode');
    expect(events().some((e) => e.cmd === 'apply')).toBe(false);
  });

  test('shards split every wave into disjoint parts that together cover it', async () => {
    const seen: string[] = [];
    for (let index = 0; index < 3; index++) {
      const summary = await runApply({ outdir, mode: 'apply', parallelism: 4, shard: { index, count: 3 }, env: env() });
      seen.push(...summary.results.filter((r) => r.status === 'applied').map((r) => r.stack));
    }
    expect(seen.sort()).toEqual(Object.keys(manifest.stacks).sort());
    expect(inShard('space-a0', { index: 0, count: 1 })).toBe(true);
  });

  test('the command line runs one wave and exits 4 when a stack fails, 2 on bad usage', async () => {
    const saved = process.env;
    process.env = { ...saved, ...env({ FAKE_TF_FAIL: 'pop-b:apply' }) };
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--out', outdir, '--wave', '2', '--parallelism', '2'])).toBe(4);
      expect(events().map((e) => e.stack).every((s) => s === 'pop-a' || s === 'pop-b')).toBe(true);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain('failed pop-b: terraform apply exited 1');
      expect(await main(['--out', outdir, '--shard', '3/2'])).toBe(2);
    } finally {
      process.env = saved;
      write.mockRestore();
      err.mockRestore();
    }
  });
});
