/**
 * The staged, resumable state machine both clouds' decommissions run on. Each step first inspects
 * the real state; a step already in its target state is recorded as skipped, never repeated. A
 * dry run only inspects. Every step's outcome goes to the audit ledger.
 */
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

/** Thrown by a step's apply when the cloud says "not now" (e.g. a closure quota): the unit waits, queued. */
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
  readonly name: string;
  readonly title: string;
  inspect(): Promise<StepState>;
  /** Brings the real state to the target; must be safe to call again after a crash. */
  apply(state: StepState): Promise<Record<string, unknown> | void>;
}

export type StepStatus = 'done' | 'pending' | 'applied' | 'queued' | 'failed' | 'not-reached';

export interface StepReport {
  readonly step: string;
  readonly title: string;
  readonly status: StepStatus;
  readonly detail: string;
  readonly actions: readonly string[];
  readonly queuedUntil?: string;
}

export interface RunReport {
  readonly unit: string;
  readonly cloud: string;
  readonly target?: string;
  readonly execute: boolean;
  readonly steps: readonly StepReport[];
  /** The unit reached its end state. */
  readonly complete: boolean;
  readonly queued: boolean;
  readonly error?: string;
}

export interface RunContext {
  readonly unit: string;
  readonly cloud: string;
  readonly target?: string;
  readonly execute: boolean;
  readonly ledger: Ledger;
  readonly actor: string;
  readonly log?: (message: string) => void;
}

export async function runSteps(steps: readonly Step[], ctx: RunContext): Promise<RunReport> {
  const reports: StepReport[] = [];
  const record = (action: string, outcome: Outcome, detail?: Record<string, unknown>) => {
    if (ctx.execute) ctx.ledger.append({ actor: ctx.actor, action, unit: ctx.unit, target: ctx.target, outcome, detail });
  };
  let blocked = false;
  let queued = false;
  let error: string | undefined;
  for (const step of steps) {
    if (blocked) {
      reports.push({ step: step.name, title: step.title, status: 'not-reached', detail: 'waits for the steps before it', actions: [] });
      continue;
    }
    const action = `decommission.${step.name}`;
    try {
      const state = await step.inspect();
      if (state.done) {
        reports.push({ step: step.name, title: step.title, status: 'done', detail: state.detail, actions: [] });
        record(action, 'skipped', { reason: 'already in target state', found: state.detail });
        continue;
      }
      if (state.queuedUntil) {
        queued = true;
        blocked = true;
        reports.push({ step: step.name, title: step.title, status: 'queued', detail: state.detail, actions: state.actions ?? [], queuedUntil: state.queuedUntil.toISOString() });
        record(action, 'queued', { until: state.queuedUntil.toISOString(), reason: state.detail });
        continue;
      }
      if (!ctx.execute) {
        reports.push({ step: step.name, title: step.title, status: 'pending', detail: state.detail, actions: state.actions ?? [] });
        // A dry run cannot know what later steps will find after this one acts; it still shows them.
        continue;
      }
      ctx.log?.(`${step.title}: ${state.detail}`);
      record(action, 'started', { actions: state.actions ?? [] });
      const { result, after } = await applyConverging(step, state, ctx.log);
      if (!after.done) throw new Error(`${step.title}: still not in target state after acting (${after.detail})`);
      record(action, 'done', { ...result, found: after.detail });
      reports.push({ step: step.name, title: step.title, status: 'applied', detail: after.detail, actions: state.actions ?? [] });
    } catch (e) {
      if (e instanceof StepQueued) {
        queued = true;
        blocked = true;
        reports.push({ step: step.name, title: step.title, status: 'queued', detail: e.message, actions: [], queuedUntil: e.until.toISOString() });
        record(action, 'queued', { until: e.until.toISOString(), reason: e.message });
        continue;
      }
      error = `${step.title}: ${(e as Error).message}`;
      record(action, 'failed', { error: (e as Error).message });
      reports.push({ step: step.name, title: step.title, status: 'failed', detail: (e as Error).message, actions: [] });
      blocked = true;
    }
  }
  const complete = reports.every((r) => r.status === 'done' || r.status === 'applied');
  return { unit: ctx.unit, cloud: ctx.cloud, target: ctx.target, execute: ctx.execute, steps: reports, complete, queued, error };
}

/**
 * Applies a step; after a transient failure (the request may or may not have been carried out)
 * it re-reads the real state and acts again only if the target is still not reached.
 */
async function applyConverging(step: Step, state: StepState, log?: (m: string) => void, attempts = 5) {
  let current = state;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = (await step.apply(current)) ?? {};
      return { result, after: await step.inspect() };
    } catch (e) {
      if (!classifyError(e).retry && !(e instanceof RetriesExhaustedError)) throw e;
      if (attempt >= attempts) throw e;
      log?.(`${step.title}: ${(e as Error).message}; re-reading the state before trying again`);
      await new Promise((r) => setTimeout(r, 50 * attempt));
      const after = await step.inspect();
      if (after.done) return { result: { recoveredAfter: (e as Error).name }, after };
      current = after;
    }
  }
}

export function formatRun(report: RunReport): string {
  const lines = [`${report.execute ? 'Decommission' : 'Decommission plan (dry run)'}: ${report.unit} [${report.cloud}${report.target ? ` ${report.target}` : ''}]`];
  for (const s of report.steps) {
    lines.push(`  ${s.status.padEnd(11)} ${s.title}: ${s.detail}${s.queuedUntil ? ` (can close from ${s.queuedUntil})` : ''}`);
    for (const a of s.actions) if (s.status === 'pending' || s.status === 'queued') lines.push(`              - ${a}`);
  }
  if (report.error) lines.push(`error: ${report.error}`);
  else if (report.complete) lines.push(report.execute ? 'complete: the unit is out of service' : 'nothing to do: the unit is already out of service');
  else if (report.queued) lines.push('queued: the unit stays quarantined until the closure quota allows closing it; rerun then');
  else if (!report.execute) lines.push(`to act: vend decommission ${report.unit} --execute --confirm ${report.unit}`);
  return lines.join('\n');
}
