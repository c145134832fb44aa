/**
 * Leases over a LockStore. A lock records its owner (host, pid, a random id), its purpose and when
 * it expires. A holder stops acting a margin before expiry (`assertHeld`); anyone may break a lock
 * once it has been expired for a grace period, or at once when its owner ran on this host and is
 * gone. Breaking deletes exactly the version that was read, so two breakers cannot both win, and
 * the create that follows is again create-if-absent.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LockStore, StoredLock } from './store';

export interface LockRecord {
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
  readonly purpose: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

export interface LockOptions {
  /** What the holder does, for the message another run sees. */
  readonly purpose: string;
  /** Lease length. */
  readonly ttlMs: number;
  /** How long to wait for a held lock before giving up. @default 0 (fail at once) */
  readonly waitMs?: number;
  /** @default 250 ms */
  readonly pollMs?: number;
  /** How long past its expiry a lock must be before it is broken (clock skew between runners). @default 60 s */
  readonly graceMs?: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: (message: string) => void;
}

export class LockHeldError extends Error {
  constructor(
    readonly key: string,
    readonly holder: LockRecord | undefined,
    location: string,
  ) {
    super(
      holder
        ? `${key} is locked by ${holder.owner} (${holder.purpose}) since ${holder.acquiredAt}, until ${holder.expiresAt} [${location}]`
        : `${key} is locked (unreadable lock record) [${location}]`,
    );
    this.name = 'LockHeldError';
  }
}

export class LockLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockLostError';
  }
}

/** Margin before expiry at which a holder stops acting. */
export const HOLDER_MARGIN_MS = 30_000;

export class HeldLock {
  constructor(
    readonly store: LockStore,
    readonly key: string,
    readonly record: LockRecord,
    private readonly version: string,
    private readonly now: () => Date,
  ) {}

  /** Throws unless the lease still has more than the holder margin left. */
  assertHeld(): void {
    const left = Date.parse(this.record.expiresAt) - this.now().getTime();
    if (left <= HOLDER_MARGIN_MS) throw new LockLostError(`the lock ${this.key} expires at ${this.record.expiresAt}; stopping before another run may break it (rerun to continue)`);
  }

  /** assertHeld, and the store still holds this very version (nobody broke it). */
  async verify(): Promise<void> {
    this.assertHeld();
    const current = await this.store.read(this.key);
    if (current?.version !== this.version) throw new LockLostError(`the lock ${this.key} was broken or replaced [${this.store.location}]`);
  }

  async release(): Promise<void> {
    await this.store.remove(this.key, this.version);
  }
}

export async function acquireLock(store: LockStore, key: string, options: LockOptions): Promise<HeldLock> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now().getTime() + (options.waitMs ?? 0);
  for (;;) {
    const record: LockRecord = {
      owner: `${hostname()}:${process.pid}:${randomUUID()}`,
      host: hostname(),
      pid: process.pid,
      purpose: options.purpose,
      acquiredAt: now().toISOString(),
      expiresAt: new Date(now().getTime() + options.ttlMs).toISOString(),
    };
    const body = JSON.stringify(record);
    let version: string | undefined;
    try {
      version = await store.create(key, body);
    } catch (e) {
      // An ambiguous failure (the store may have written it): the object is ours if it holds our body.
      const after = await store.read(key);
      if (after?.body !== body) throw e;
      version = after.version;
    }
    if (version !== undefined) return new HeldLock(store, key, record, version, now);
    const current = await store.read(key);
    if (!current) continue; // released between our create and read
    const holder = parseRecord(current);
    const stale = staleness(holder, now(), options.graceMs ?? 60_000);
    if (stale) {
      if (await store.remove(key, current.version)) options.log?.(`broke the lock ${key} held by ${holder?.owner ?? 'an unreadable record'}: ${stale}`);
      continue;
    }
    if (now().getTime() >= deadline) throw new LockHeldError(key, holder, store.location);
    await sleep(options.pollMs ?? 250);
  }
}

function parseRecord(stored: StoredLock): LockRecord | undefined {
  try {
    const r = JSON.parse(stored.body) as LockRecord;
    return typeof r.owner === 'string' && typeof r.expiresAt === 'string' && !Number.isNaN(Date.parse(r.expiresAt)) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Why a lock may be broken, or undefined while it is live. An unreadable record is never broken. */
export function staleness(holder: LockRecord | undefined, now: Date, graceMs: number): string | undefined {
  if (!holder) return undefined;
  const expired = now.getTime() - Date.parse(holder.expiresAt);
  if (expired > graceMs) return `expired at ${holder.expiresAt}`;
  if (holder.host === hostname() && !processAlive(holder.pid)) return `its process ${holder.pid} on this host is gone`;
  return undefined;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
