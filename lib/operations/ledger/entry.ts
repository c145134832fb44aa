/** What one audit-ledger line holds, and how it is hashed into the chain. */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export type Outcome = 'requested' | 'planned' | 'started' | 'done' | 'skipped' | 'queued' | 'pending' | 'refused' | 'failed';

export interface LedgerRecord {
  /** Who: caller identity (STS ARN, Azure principal), or the OS user marked unverified. */
  readonly actor: string;
  /** What: `decommission`, `decommission.revoke-trust`, ... */
  readonly action: string;
  readonly unit?: string;
  /** Account or subscription id acted on. */
  readonly target?: string;
  readonly outcome: Outcome;
  readonly detail?: Record<string, unknown>;
}

export interface LedgerEntry extends LedgerRecord {
  readonly seq: number;
  /** When: ISO-8601. */
  readonly time: string;
  /** Hash of the previous entry (GENESIS for the first). */
  readonly prev: string;
  readonly hash: string;
}

/** sha-256 of the entry without its own hash, keys in a fixed order. */
export function hashOf(body: Omit<LedgerEntry, 'hash'>): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Builds the next entry of the chain after `last`. */
export function nextEntry(last: LedgerEntry | undefined, record: LedgerRecord, time: Date): LedgerEntry {
  const body = { seq: (last?.seq ?? 0) + 1, time: time.toISOString(), ...stripUndefined(record), prev: last?.hash ?? GENESIS };
  return { ...body, hash: hashOf(body) };
}

/** Fallback actor when no cloud identity is available (or none was asked for): not verified by anyone. */
export function localActor(env: NodeJS.ProcessEnv = process.env): string {
  const who = env.GITHUB_ACTOR ? `github:${env.GITHUB_ACTOR}` : `user:${env.USER ?? env.USERNAME ?? 'unknown'}`;
  return `${who} (unverified)`;
}
