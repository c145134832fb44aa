/**
 * Runs a cloud's decommission steps, in the order and with the roles the model's lifecycle state
 * machine gives them. Every step first reads the real state; a step already in its target state is
 * recorded as skipped, never repeated. An IaC step is only checked: when the deploy has not done it
 * yet, the run stops there and says what to deploy (pending). A CLI step acts only on --execute,
 * inside its guard (e.g. the organization's closure lock), after re-reading the state there. Every
 * outcome goes to the audit ledger.
 */
import type { LifecycleStep } from '../../model';
import { classifyError, RetriesExhaustedError } from '../client';
import type { Ledger, Outcome } from '../ledger';

export interface StepState {
  /** Already in the target state. */
  readonly done: boolean;
  /** The step cannot run yet (e.g. closure quota used up): the unit stays where it is, queued. */
  readonly queuedUntil?: Date;
  /** What the step found, or what it would do. */
  readonly detail: string;
  /** Concrete actions the step would take, for the plan. */
  readonly actions?: readonly string[];
}

/** Thrown when the cloud (or a lock) says "not now": the unit waits, queued. */
export class StepQueued extends Error {
  constructor(
    message: string,
    readonly until: Date,
  ) {
    super(message);
    this.name = 'StepQueued';
  }
}

export interface Step {
  /** The step as the model's state machine defines it. */
  readonly spec: LifecycleStep;
  inspect(): Promise<StepState>;
  /** CLI steps: brings the real state to the target; safe to call again after a crash. */
  apply?(state: StepState): Promise<Record<string, unknown> | void>;
  /** Holds what the act needs (a lock) around it; the engine re-reads the state inside. */
  guard?<T>(act: () => Promise<T>): Promise<T>;
}

export type StepStatus = 'done' | 'pending' | 'applied' | 'queued' | 'awaiting-deploy' | 'failed' | 'not-reached';

export interface StepReport {
  readonly step: string;
  readonly title: string;
  readonly runs: 'iac' | 'cli';
  readonly status: StepStatus;
  readonly detail: string;
  readonly actions: readonly string[];
  readonly queuedUntil?: string;
  /** For a step awaiting a deploy: what to deploy. */
  readonly deploy?: string;
}

export interface RunReport {
  readonly unit: string;
  readonly cloud: string;
  readonly target?: string;
  readonly execute: boolean;
  readonly steps: readonly StepReport[];
  /** The unit reached its end state. */
  readonly complete: boolean;
  /** A closure waits for the quota (or another run's closure). */
  readonly queued: boolean;
  /** A step waits for the IaC deploy. */
  readonly awaitingDeploy: boolean;
  readonly error?: string;
  /** Where the audit record went (absolute path). */
  readonly ledger?: string;
}

export interface RunContext {
  readonly unit: string;
  readonly cloud: string;
  readonly target?: string;
  readonly execute: boolean;
  readonly ledger: Ledger;
  readonly actor: string;
  readonly log?: (message: string) => void;
  /** Called before every act (e.g. to check the unit's lock is still held). */
  readonly beforeAct?: () => Promise<void> | void;
  /** Waits between attempts after an ambiguous failure. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Progress {
  readonly reports: StepReport[];
  blocked: boolean;
  queued: boolean;
  awaitingDeploy: boolean;
  error?: string;
}

export async function runSteps(steps: readonly Step[], ctx: RunContext): Promise<RunReport> {
  const p: Progress = { reports: [], blocked: false, queued: false, awaitingDeploy: false };
  for (const step of steps) {
    // IaC steps are independent checks, all worth showing; a CLI step waits for every one before it.
    if (p.blocked || (p.awaitingDeploy && step.spec.runs === 'cli')) {
      p.reports.push(report(step, 'not-reached', p.blocked ? 'waits for the steps before it' : 'waits for the deploy'));
      continue;
    }
    try {
      await runStep(step, ctx, p);
    } catch (e) {
      await settleFailure(step, ctx, p, e as Error);
    }
  }
  const complete = p.reports.every((r) => r.status === 'done' || r.status === 'applied');
  if (complete && ctx.execute) await record(ctx, 'decommission', 'done', { steps: p.reports.map((r) => `${r.step}:${r.status}`) });
  return { unit: ctx.unit, cloud: ctx.cloud, target: ctx.target, execute: ctx.execute, steps: p.reports, complete, queued: p.queued, awaitingDeploy: p.awaitingDeploy, error: p.error, ledger: ctx.ledger.file };
}

async function runStep(step: Step, ctx: RunContext, p: Progress): Promise<void> {
  const action = `decommission.${step.spec.id}`;
  const state = await step.inspect();
  // Each outcome is recorded before it is reported: what the report shows, the ledger holds.
  if (state.done) {
    await record(ctx, action, 'skipped', { reason: 'already in target state', found: state.detail });
    p.reports.push(report(step, 'done', state.detail));
    return;
  }
  if (step.spec.runs === 'iac') {
    await record(ctx, action, 'pending', { reason: 'waiting for the IaC deploy', found: state.detail, deploy: step.spec.deploy });
    p.awaitingDeploy = true;
    p.reports.push({ ...report(step, 'awaiting-deploy', state.detail, state.actions), deploy: step.spec.deploy });
    return;
  }
  if (state.queuedUntil) return queue(step, ctx, p, state.detail, state.queuedUntil, state.actions);
  if (!ctx.execute) {
    // A dry run cannot know what later steps will find after this one acts; it still shows them.
    p.reports.push(report(step, 'pending', state.detail, state.actions));
    return;
  }
  await ctx.beforeAct?.();
  const act = () => actOn(step, ctx, p, step.guard ? undefined : state);
  await (step.guard ? step.guard(act) : act());
}

/** Re-reads the state (when guarded), records `started`, acts until the target holds, records `done`. */
async function actOn(step: Step, ctx: RunContext, p: Progress, known: StepState | undefined): Promise<void> {
  const action = `decommission.${step.spec.id}`;
  const state = known ?? (await step.inspect());
  if (state.done) {
    await record(ctx, action, 'skipped', { reason: 'already in target state', found: state.detail });
    p.reports.push(report(step, 'done', state.detail));
    return;
  }
  if (state.queuedUntil) return queue(step, ctx, p, state.detail, state.queuedUntil, state.actions);
  ctx.log?.(`${step.spec.title}: ${state.detail}`);
  await record(ctx, action, 'started', { actions: state.actions ?? [] });
  const { result, after } = await applyConverging(step, state, ctx);
  if (!after.done) throw new Error(`${step.spec.title}: still not in target state after acting (${after.detail})`);
  await record(ctx, action, 'done', { ...result, found: after.detail });
  p.reports.push(report(step, 'applied', after.detail, state.actions));
}

async function queue(step: Step, ctx: RunContext, p: Progress, detail: string, until: Date, actions?: readonly string[]): Promise<void> {
  await record(ctx, `decommission.${step.spec.id}`, 'queued', { until: until.toISOString(), reason: detail });
  p.queued = p.blocked = true;
  p.reports.push({ ...report(step, 'queued', detail, actions), queuedUntil: until.toISOString() });
}

async function settleFailure(step: Step, ctx: RunContext, p: Progress, e: Error): Promise<void> {
  if (e instanceof StepQueued) return queue(step, ctx, p, e.message, e.until);
  p.error = `${step.spec.title}: ${e.message}`;
  p.blocked = true;
  p.reports.push(report(step, 'failed', e.message));
  await record(ctx, `decommission.${step.spec.id}`, 'failed', { error: e.message }).catch((le) => ctx.log?.(`could not record the failure in the ledger: ${(le as Error).message}`));
}

/** A step's line in the report; `actions` are what it would do (pending, queued, awaiting the deploy) or did (applied). */
function report(step: Step, status: StepStatus, detail: string, actions: readonly string[] = []): StepReport {
  return { step: step.spec.id, title: step.spec.title, runs: step.spec.runs, status, detail, actions };
}

async function record(ctx: RunContext, action: string, outcome: Outcome, detail: Record<string, unknown>): Promise<void> {
  if (ctx.execute) await ctx.ledger.append({ actor: ctx.actor, action, unit: ctx.unit, target: ctx.target, outcome, detail });
}

/**
 * Applies a step; after a transient failure (the request may or may not have been carried out)
 * it re-reads the real state and acts again only if the target is still not reached.
 */
async function applyConverging(step: Step, state: StepState, ctx: RunContext, attempts = 5) {
  if (!step.apply) throw new Error(`the CLI step ${step.spec.id} has no implementation of its act`);
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let current = state;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = (await step.apply(current)) ?? {};
      return { result, after: await step.inspect() };
    } catch (e) {
      const transient = classifyError(e).retry || e instanceof RetriesExhaustedError;
      if (!transient || attempt >= attempts) throw e;
      ctx.log?.(`${step.spec.title}: ${(e as Error).message}; re-reading the state before trying again`);
      await sleep(50 * attempt);
      const after = await step.inspect();
      if (after.done) return { result: { recoveredAfter: (e as Error).name }, after };
      current = after;
    }
  }
}
