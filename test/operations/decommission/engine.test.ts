import type { LifecycleStep } from '../../../lib/model';
import { runSteps, StepQueued, type Step, type StepState } from '../../../lib/operations/decommission/engine';
import { formatRun } from '../../../lib/operations/decommission/format';
import { tempAudit } from '../support/fixtures';

const spec = (id: string, runs: 'iac' | 'cli'): LifecycleStep => ({
  id,
  cloud: 'aws',
  title: `Step ${id}`,
  runs,
  principal: runs === 'iac' ? 'management-pipeline' : 'member-access-role',
  placement: 'quarantine',
  scope: 'all',
  check: 'x',
  act: 'x',
  deploy: runs === 'iac' ? `deploy ${id}` : undefined,
  requires: [],
  calls: [],
});

/** A step over a flag: done once `state.done` is set; apply sets it (or does what `act` says). */
function fake(id: string, runs: 'iac' | 'cli', state: { done: boolean; queuedUntil?: Date }, act?: () => Promise<void>): Step & { applied: number; inspected: number } {
  const step = {
    spec: spec(id, runs),
    applied: 0,
    inspected: 0,
    async inspect(): Promise<StepState> {
      step.inspected++;
      return { done: state.done, queuedUntil: state.queuedUntil, detail: state.done ? `${id} done` : `${id} to do`, actions: [`act on ${id}`] };
    },
    ...(runs === 'cli'
      ? {
          async apply() {
            step.applied++;
            if (act) await act();
            else state.done = true;
          },
        }
      : {}),
  };
  return step;
}

const ambiguousError = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });

const context = (execute: boolean) => {
  const { ledger } = tempAudit();
  return { unit: 'u', cloud: 'aws', target: '111111111111', execute, ledger, actor: 'tester' };
};

describe('the decommission engine', () => {
  test('skips what is done, acts on the rest when executing, records every outcome, and marks the unit complete', async () => {
    const ctx = context(true);
    const steps = [fake('a', 'iac', { done: true }), fake('b', 'cli', { done: false }), fake('c', 'cli', { done: true })];
    const report = await runSteps(steps, ctx);
    expect(report).toMatchObject({ complete: true, queued: false, awaitingDeploy: false, ledger: ctx.ledger.file });
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['a:done', 'b:applied', 'c:done']);
    expect(report.steps[1].actions).toEqual(['act on b']);
    expect(ctx.ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'decommission.a skipped',
      'decommission.b started',
      'decommission.b done',
      'decommission.c skipped',
      'decommission done',
    ]);
    expect(ctx.ledger.entries().every((e) => e.actor === 'tester' && e.unit === 'u' && e.target === '111111111111')).toBe(true);
    expect(ctx.ledger.entries().map((e) => e.detail)).toEqual([
      { reason: 'already in target state', found: 'a done' },
      { actions: ['act on b'] },
      { found: 'b done' },
      { reason: 'already in target state', found: 'c done' },
      { steps: ['a:done', 'b:applied', 'c:done'] },
    ]);
    expect(report.steps[0].actions).toEqual([]);
  });

  test('what an act returns goes to the ledger with what it found afterwards', async () => {
    const ctx = context(true);
    const state = { done: false };
    const step = { ...fake('b', 'cli', state), apply: async () => ((state.done = true), { closed: '111111111111' }) };
    await runSteps([step], ctx);
    expect(ctx.ledger.entries()[1]).toMatchObject({ outcome: 'done', detail: { closed: '111111111111', found: 'b done' } });
  });

  test('a dry run acts on nothing and writes nothing; it shows what each step would do', async () => {
    const ctx = context(false);
    const b = fake('b', 'cli', { done: false });
    const report = await runSteps([fake('a', 'iac', { done: true }), b, fake('c', 'cli', { done: false })], ctx);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['a:done', 'b:pending', 'c:pending']);
    expect(report.steps.map((s) => s.actions)).toEqual([[], ['act on b'], ['act on c']]);
    expect(report.complete).toBe(false);
    expect(b.applied).toBe(0);
    expect(ctx.ledger.entries()).toEqual([]);
    expect(formatRun(report)).toMatch(/to act: vend decommission u --execute --confirm u$/);
  });

  test('a dry run shows a queued step as queued, with when it can act', async () => {
    const until = new Date('2026-12-01T00:00:00Z');
    const report = await runSteps([fake('close', 'cli', { done: false, queuedUntil: until })], context(false));
    expect(report.steps[0]).toMatchObject({ status: 'queued', queuedUntil: until.toISOString(), actions: ['act on close'] });
    expect(formatRun(report)).toMatch(/queued\s+Step close: close to do \(can close from 2026-12-01T00:00:00.000Z\)/);
  });

  test('an IaC step is never acted on, even if it could be', async () => {
    const iac = { ...fake('a', 'cli', { done: false }), spec: spec('a', 'iac') };
    const report = await runSteps([iac], context(true));
    expect(report.steps[0].status).toBe('awaiting-deploy');
    expect(iac.applied).toBe(0);
  });

  test('an IaC step not yet done waits for the deploy: every IaC step is still checked, no CLI step runs', async () => {
    const ctx = context(true);
    const cli = fake('d', 'cli', { done: false });
    const report = await runSteps([fake('a', 'iac', { done: false }), fake('b', 'iac', { done: true }), fake('c', 'iac', { done: false }), cli], ctx);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['a:awaiting-deploy', 'b:done', 'c:awaiting-deploy', 'd:not-reached']);
    expect(report.steps[0]).toMatchObject({ deploy: 'deploy a', detail: 'a to do', actions: ['act on a'] });
    expect(report.steps[3].detail).toBe('waits for the deploy');
    expect(report).toMatchObject({ awaitingDeploy: true, complete: false, queued: false });
    expect(cli.inspected + cli.applied).toBe(0);
    expect(ctx.ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual(['decommission.a pending', 'decommission.b skipped', 'decommission.c pending']);
    expect(ctx.ledger.entries()[0].detail).toEqual({ reason: 'waiting for the IaC deploy', found: 'a to do', deploy: 'deploy a' });
    expect(formatRun(report)).toMatch(/awaiting-deploy\s+Step a \(deploy\): a to do\n\s+deploy: deploy a/);
    expect(formatRun(report)).toMatch(/pending: the deploy has not taken the unit out yet/);
  });

  test('a queued step (by its state or thrown while acting) stops the run, with the date', async () => {
    const until = new Date('2026-12-01T00:00:00Z');
    const ctx = context(true);
    const byState = await runSteps([fake('a', 'cli', { done: false, queuedUntil: until }), fake('b', 'cli', { done: false })], ctx);
    expect(byState.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['a:queued', 'b:not-reached']);
    expect(byState).toMatchObject({ queued: true, complete: false, steps: [{ queuedUntil: until.toISOString() }, { detail: 'waits for the steps before it' }] });
    const thrown = await runSteps([fake('a', 'cli', { done: false }, async () => Promise.reject(new StepQueued('not now', until)))], ctx);
    expect(thrown.steps[0]).toMatchObject({ status: 'queued', detail: 'not now', queuedUntil: until.toISOString() });
    expect(ctx.ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual(['decommission.a queued', 'decommission.a started', 'decommission.a queued']);
    expect(ctx.ledger.entries()[0].detail).toEqual({ until: until.toISOString(), reason: 'a to do' });
    expect(new StepQueued('x', until).name).toBe('StepQueued');
  });

  test('a failure stops the run at once (no retry for what the server refused), is reported and recorded', async () => {
    const ctx = context(true);
    const failing = fake('a', 'cli', { done: false }, async () => Promise.reject(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' })));
    const report = await runSteps([failing, fake('b', 'cli', { done: false })], ctx);
    expect(report).toMatchObject({ error: 'Step a: not allowed', complete: false });
    expect(failing.applied).toBe(1);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['a:failed', 'b:not-reached']);
    expect(ctx.ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual(['decommission.a started', 'decommission.a failed']);
    expect(ctx.ledger.entries()[1].detail).toEqual({ error: 'not allowed' });
  });

  test('a failure the ledger cannot record is still reported, and the log says the record is missing', async () => {
    const logs: string[] = [];
    const ledger = { file: '/x', append: async () => Promise.reject(new Error('disk full')) } as unknown as ReturnType<typeof tempAudit>['ledger'];
    const failed = await runSteps([fake('b', 'cli', { done: true }), fake('c', 'cli', { done: false })], { ...context(false), execute: true, ledger, log: (m) => logs.push(m) });
    expect(failed).toMatchObject({ error: 'Step b: disk full' });
    expect(failed.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['b:failed', 'c:not-reached']);
    expect(logs).toEqual(['could not record the failure in the ledger: disk full']);
    const unlogged = await runSteps([fake('b', 'cli', { done: true })], { ...context(false), execute: true, ledger });
    expect(unlogged).toMatchObject({ error: 'Step b: disk full' });
  });

  test('a CLI step without an act is a failure that says so', async () => {
    const { apply: _none, ...bare } = fake('a', 'cli', { done: false });
    void _none;
    const report = await runSteps([bare as Step], context(true));
    expect(report.error).toBe('Step a: the CLI step a has no implementation of its act');
  });

  test('without a given sleep, a retry waits before it reads the state again', async () => {
    const state = { done: false };
    let calls = 0;
    const step = fake('a', 'cli', state, async () => {
      if (++calls === 1) throw ambiguousError();
      state.done = true;
    });
    const started = Date.now();
    await runSteps([step], context(true));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  test('acting that leaves the target unreached is a failure, not a success', async () => {
    const report = await runSteps([fake('a', 'cli', { done: false }, async () => undefined)], context(true));
    expect(report.error).toBe('Step a: Step a: still not in target state after acting (a to do)');
  });

  const ambiguous = ambiguousError;

  test('after an ambiguous failure it re-reads the state and does not act again once the target holds', async () => {
    const state = { done: false };
    const step = fake('a', 'cli', state, async () => {
      state.done = true; // the server acted...
      throw ambiguous(); // ...but the answer was lost
    });
    const ctx = context(true);
    const report = await runSteps([step], { ...ctx, sleep: async () => undefined });
    expect(report.steps[0].status).toBe('applied');
    expect(step.applied).toBe(1);
    expect(ctx.ledger.entries()[1].detail).toEqual({ recoveredAfter: 'TimeoutError', found: 'a done' });
  });

  test('after an ambiguous failure that changed nothing it acts again, backing off, at most five times', async () => {
    const waits: number[] = [];
    const state = { done: false };
    let calls = 0;
    const second = fake('a', 'cli', state, async () => {
      if (++calls === 1) throw ambiguous();
      state.done = true;
    });
    const logs: string[] = [];
    expect((await runSteps([second], { ...context(true), log: (m) => logs.push(m), sleep: async (ms) => void waits.push(ms) })).steps[0].status).toBe('applied');
    expect(logs).toEqual(['Step a: a to do', 'Step a: socket hang up; re-reading the state before trying again']);
    expect([second.applied, waits]).toEqual([2, [50]]);
    const { RetriesExhaustedError } = await import('../../../lib/operations/client');
    const never = fake('b', 'cli', { done: false }, async () => Promise.reject(new RetriesExhaustedError('x:Y', 8, ambiguous())));
    const report = await runSteps([never], { ...context(true), sleep: async (ms) => void waits.push(ms) });
    expect(report.steps[0].status).toBe('failed');
    expect(never.applied).toBe(5);
    expect(waits).toEqual([50, 50, 100, 150, 200]);
  });

  test('a guarded step acts inside its guard, on the state read there', async () => {
    const ctx = context(true);
    const order: string[] = [];
    const state = { done: false };
    const step = fake('close', 'cli', state);
    const guarded: Step = {
      ...step,
      async inspect() {
        order.push('inspect');
        return step.inspect();
      },
      async apply(s) {
        order.push('apply');
        return step.apply!(s);
      },
      async guard(act) {
        order.push('lock');
        try {
          return await act();
        } finally {
          order.push('unlock');
        }
      },
    };
    await runSteps([guarded], ctx);
    expect(order).toEqual(['inspect', 'lock', 'inspect', 'apply', 'inspect', 'unlock']);
  });

  test('a guarded step that the re-read finds queued or done does not act', async () => {
    const until = new Date('2026-12-01T00:00:00Z');
    const state: { done: boolean; queuedUntil?: Date } = { done: false };
    const step = fake('close', 'cli', state);
    const another: Step = { ...step, guard: async (act) => ((state.queuedUntil = until), act()) };
    const report = await runSteps([another], context(true));
    expect(report.steps[0]).toMatchObject({ status: 'queued' });
    expect(step.applied).toBe(0);
    const doneState = { done: false };
    const step2 = fake('close', 'cli', doneState);
    const ctx = context(true);
    const finished = await runSteps([{ ...step2, guard: async (act) => ((doneState.done = true), act()) }], ctx);
    expect(finished.steps[0]).toMatchObject({ status: 'done' });
    expect(step2.applied).toBe(0);
    expect(ctx.ledger.entries()[0]).toMatchObject({ action: 'decommission.close', outcome: 'skipped', detail: { reason: 'already in target state', found: 'close done' } });
  });

  test('checks the unit lock before every act', async () => {
    let checks = 0;
    const ctx = { ...context(true), beforeAct: () => void checks++ };
    await runSteps([fake('a', 'cli', { done: false }), fake('b', 'cli', { done: true }), fake('c', 'cli', { done: false })], ctx);
    expect(checks).toBe(2);
    const lost = await runSteps([fake('a', 'cli', { done: false })], { ...context(true), beforeAct: () => Promise.reject(new Error('the lock expired')) });
    expect(lost).toMatchObject({ error: 'Step a: the lock expired' });
  });
});
