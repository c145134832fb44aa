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
  });

  test('a dry run acts on nothing and writes nothing', async () => {
    const ctx = context(false);
    const b = fake('b', 'cli', { done: false });
    const report = await runSteps([b, fake('c', 'cli', { done: false })], ctx);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['b:pending', 'c:pending']);
    expect(report.complete).toBe(false);
    expect(b.applied).toBe(0);
    expect(ctx.ledger.entries()).toEqual([]);
  });

  test('an IaC step not yet done waits for the deploy: every IaC step is still checked, no CLI step runs', async () => {
    const ctx = context(true);
    const cli = fake('d', 'cli', { done: false });
    const report = await runSteps([fake('a', 'iac', { done: false }), fake('b', 'iac', { done: true }), fake('c', 'iac', { done: false }), cli], ctx);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['a:awaiting-deploy', 'b:done', 'c:awaiting-deploy', 'd:not-reached']);
    expect(report.steps[0]).toMatchObject({ deploy: 'deploy a', detail: 'a to do' });
    expect(report.steps[3].detail).toBe('waits for the deploy');
    expect(report).toMatchObject({ awaitingDeploy: true, complete: false, queued: false });
    expect(cli.inspected + cli.applied).toBe(0);
    expect(ctx.ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual(['decommission.a pending', 'decommission.b skipped', 'decommission.c pending']);
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
  });

  test('a failure stops the run, is reported and recorded', async () => {
    const ctx = context(true);
    const report = await runSteps([fake('a', 'cli', { done: false }, async () => Promise.reject(new Error('AccessDenied'))), fake('b', 'cli', { done: false })], ctx);
    expect(report).toMatchObject({ error: 'Step a: AccessDenied', complete: false });
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['a:failed', 'b:not-reached']);
    expect(ctx.ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual(['decommission.a started', 'decommission.a failed']);
  });

  test('acting that leaves the target unreached is a failure, not a success', async () => {
    const report = await runSteps([fake('a', 'cli', { done: false }, async () => undefined)], context(true));
    expect(report.error).toBe('Step a: Step a: still not in target state after acting (a to do)');
  });

  test('after an ambiguous failure it re-reads the state and does not act again once the target holds', async () => {
    const state = { done: false };
    const step = fake('a', 'cli', state, async () => {
      state.done = true; // the server acted...
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: { httpStatusCode: 500 } }); // ...but the answer was lost
    });
    const report = await runSteps([step], context(true));
    expect(report.steps[0].status).toBe('applied');
    expect(step.applied).toBe(1);
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
    const finished = await runSteps([{ ...step2, guard: async (act) => ((doneState.done = true), act()) }], context(true));
    expect(finished.steps[0]).toMatchObject({ status: 'done' });
    expect(step2.applied).toBe(0);
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
