/**
 * `vend decommission UNIT`: refusal rules, confirmation, the audit ledger checked, the unit's lock
 * taken, the unit's one account or subscription identified, then the cloud's steps from the
 * lifecycle state machine. Nothing mutating happens before all of those pass.
 */
import type { Inventory, VendModel } from '../../model';
import { awsDecommissionSteps, awsIdentityEvidence } from '../aws/decommission';
import type { AwsClients } from '../aws/clients';
import { azureDecommissionSteps, azureIdentityEvidence } from '../azure/decommission';
import type { AzureClients } from '../azure/clients';
import type { Clock } from '../client';
import { localActor, type Ledger } from '../ledger';
import { acquireLock, type HeldLock, type LockStore } from '../locks';
import { runSteps, type RunReport, type Step } from './engine';
import { closedPerLedger, recordedIds } from './evidence';
import { ambiguityMessage, resolveIdentity, type Candidate } from './identity';
import { refusal } from './rules';

export class DecommissionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecommissionRefused';
  }
}

export interface DecommissionOptions {
  readonly model: VendModel;
  readonly unit: string;
  /** Act; otherwise only inspect and plan. @default false */
  readonly execute?: boolean;
  /** Must repeat the unit name when executing. */
  readonly confirm?: string;
  readonly ledger: Ledger;
  /** Where the unit's and the organization's locks live. */
  readonly locks: LockStore;
  readonly aws?: AwsClients;
  readonly azure?: AzureClients;
  /** A snapshot whose ids for the unit must agree with the live one. @default none */
  readonly inventory?: Inventory;
  /** @default the cloud caller identity (asked only when acting) */
  readonly actor?: string;
  /** How long the unit's lock lasts; the run stops acting before it ends. @default 1 hour */
  readonly unitLockTtlMs?: number;
  readonly now?: () => Date;
  readonly clock?: Clock;
  readonly pollMs?: number;
  readonly log?: (message: string) => void;
}

export async function decommission(options: DecommissionOptions): Promise<RunReport> {
  const { model } = options;
  const execute = options.execute ?? false;
  const refused = refusal(model, options.unit);
  if (refused) {
    if (execute) await recordRefusal(options, refused);
    throw new DecommissionRefused(refused);
  }
  if (execute && options.confirm !== options.unit) {
    throw new DecommissionRefused(`--execute needs --confirm ${options.unit} (got ${options.confirm ? `'${options.confirm}'` : 'none'})`);
  }
  await checkLedger(options, execute);
  const lock = execute ? await acquireLock(options.locks, `unit/${model.unit(options.unit)!.cloud}/${options.unit}`, { purpose: `decommission ${options.unit}`, ttlMs: options.unitLockTtlMs ?? 3_600_000, log: options.log }) : undefined;
  try {
    return await decommissionHeld(options, execute, lock);
  } finally {
    await lock?.release();
  }
}

async function decommissionHeld(options: DecommissionOptions, execute: boolean, lock: HeldLock | undefined): Promise<RunReport> {
  const { model, ledger } = options;
  const unit = model.unit(options.unit)!;
  const entries = ledger.entries();
  const closed = closedPerLedger(entries, unit.name, unit.cloud);
  if (closed) return alreadyClosed(options, execute, closed);
  const recorded = recordedIds(entries, options.inventory, unit.name, unit.cloud);
  const evidence =
    unit.cloud === 'aws' ? await awsIdentityEvidence(need(options.aws, 'AWS'), model, unit, recorded) : await azureIdentityEvidence(need(options.azure, 'Azure'), model, unit, recorded);
  const verdict = resolveIdentity(evidence);
  if (verdict.kind === 'ambiguous') {
    const message = ambiguityMessage(unit.name, verdict);
    if (execute) await recordRefusal(options, message, { candidates: verdict.candidates });
    throw new DecommissionRefused(message);
  }
  if (verdict.kind === 'none') return nothingLive(options, execute, verdict.detail);
  const target = verdict.candidate;
  // Who acts is asked only of a run that acts (a dry run records nothing).
  const actor = execute ? (options.actor ?? (await callerIdentity(options, unit.cloud))) : localActor();
  if (actor === undefined) {
    const message = `--execute needs the caller's ${unit.cloud === 'aws' ? 'AWS identity (STS GetCallerIdentity)' : 'Azure identity (the ARM token)'} for the audit ledger, and it could not be read; nothing is done`;
    await recordRefusal(options, message);
    throw new DecommissionRefused(message);
  }
  if (execute) await ledger.append({ actor, action: 'decommission', unit: unit.name, target: target.id, outcome: 'requested', detail: { identity: target.identity, name: target.name, status: target.status, placement: target.placement } });
  const steps = cloudSteps(options, target);
  return runSteps(steps, { unit: unit.name, cloud: unit.cloud, target: target.id, execute, ledger, actor, log: options.log, beforeAct: lock && (() => lock.assertHeld()) });
}

function cloudSteps(options: DecommissionOptions, target: Candidate): Step[] {
  const unit = options.model.unit(options.unit)!;
  const common = { model: options.model, unit, clock: options.clock, pollMs: options.pollMs };
  if (unit.cloud === 'aws') {
    return awsDecommissionSteps({ ...common, aws: options.aws!, account: { id: target.id, name: target.name, email: target.identity ?? '' }, ledger: options.ledger, locks: options.locks, now: options.now, log: options.log });
  }
  return azureDecommissionSteps({ ...common, azure: options.azure!, subscription: { id: target.id, displayName: target.name } });
}

/** Refuses a ledger that fails verification, or one that is missing although its anchor exists; completes an interrupted append. */
async function checkLedger(options: DecommissionOptions, execute: boolean): Promise<void> {
  const state = await options.ledger.inspect();
  if (state.condition === 'broken') throw new DecommissionRefused(`the audit ledger fails verification, so nothing is done:\n  ${state.problems.join('\n  ')}`);
  if (state.condition === 'interrupted' && execute) await options.ledger.repair();
  if (state.condition === 'absent') options.log?.(`starting a new audit ledger at ${options.ledger.file} (anchor ${options.ledger.anchorLocation})`);
}

async function alreadyClosed(options: DecommissionOptions, execute: boolean, closed: { target?: string; time: string; seq: number }): Promise<RunReport> {
  const unit = options.model.unit(options.unit)!;
  const detail = `closed per the audit ledger: ${closed.target ?? 'its account'} at ${closed.time} (entry ${closed.seq}); nothing is acted on again`;
  if (execute) await options.ledger.append({ actor: options.actor ?? localActor(), action: 'decommission', unit: unit.name, target: closed.target, outcome: 'skipped', detail: { reason: detail } });
  return single(options, execute, unit.cloud, 'closed', 'Already out of service', detail, closed.target);
}

async function nothingLive(options: DecommissionOptions, execute: boolean, detail: string): Promise<RunReport> {
  const unit = options.model.unit(options.unit)!;
  if (execute) await options.ledger.append({ actor: options.actor ?? localActor(), action: 'decommission', unit: unit.name, outcome: 'skipped', detail: { reason: detail } });
  return single(options, execute, unit.cloud, 'identify', 'Find the live resource', detail);
}

function single(options: DecommissionOptions, execute: boolean, cloud: string, step: string, title: string, detail: string, target?: string): RunReport {
  return { unit: options.unit, cloud, target, execute, steps: [{ step, title, runs: 'cli', status: 'done', detail, actions: [] }], complete: true, queued: false, awaitingDeploy: false, ledger: options.ledger.file };
}

/** A refusal is recorded with the local actor (unverified): refusing needs no cloud credentials. */
async function recordRefusal(options: DecommissionOptions, reason: string, detail: Record<string, unknown> = {}): Promise<void> {
  const state = await options.ledger.inspect();
  if (state.condition !== 'ok' && state.condition !== 'absent') return;
  await options.ledger.append({ actor: options.actor ?? localActor(), action: 'decommission', unit: options.unit, outcome: 'refused', detail: { reason, ...detail } });
}

function need<T>(clients: T | undefined, cloud: string): T {
  if (!clients) throw new Error(`no ${cloud} clients configured`);
  return clients;
}

/** Who is calling, per the cloud; undefined when it cannot be read (a run that acts then refuses). */
async function callerIdentity(options: DecommissionOptions, cloud: string): Promise<string | undefined> {
  try {
    if (cloud === 'aws' && options.aws) return await options.aws.callerArn();
    if (cloud === 'azure' && options.azure) return await options.azure.principal();
  } catch (e) {
    options.log?.(`caller identity unavailable (${(e as Error).message.split('\n')[0]})`);
  }
  return undefined;
}
