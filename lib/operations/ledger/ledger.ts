/**
 * The audit ledger: an append-only JSON-lines file in which every entry carries the hash of the
 * previous one, so editing or deleting any line breaks the chain. A sidecar `<file>.head` holds the
 * count and hash of the last entry, which is what detects a truncated tail (the one deletion a
 * chain alone cannot show). Appends take a lock file, so concurrent runs never interleave.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_LEDGER = '.vend/audit.jsonl';
export const GENESIS = '0'.repeat(64);

export type Outcome = 'requested' | 'planned' | 'started' | 'done' | 'skipped' | 'queued' | 'refused' | 'failed';

export interface LedgerRecord {
  /** Who: caller identity (STS ARN, Azure principal) or the OS user. */
  readonly actor: string;
  /** What: `decommission`, `decommission.revoke-access`, ... */
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
  readonly prev: string;
  readonly hash: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly problems: readonly string[];
}

export class Ledger {
  constructor(
    readonly file: string = DEFAULT_LEDGER,
    private readonly now: () => Date = () => new Date(),
  ) {}

  append(record: LedgerRecord): LedgerEntry {
    mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    return this.locked(() => {
      const entries = this.entries();
      const last = entries[entries.length - 1];
      const body = {
        seq: (last?.seq ?? 0) + 1,
        time: this.now().toISOString(),
        ...stripUndefined(record),
        prev: last?.hash ?? GENESIS,
      };
      const entry: LedgerEntry = { ...body, hash: hashOf(body) };
      const fd = openSync(this.file, 'a');
      try {
        writeSync(fd, JSON.stringify(entry) + '\n');
      } finally {
        closeSync(fd);
      }
      const head = `${this.file}.head`;
      writeFileSync(`${head}.tmp`, JSON.stringify({ entries: entry.seq, hash: entry.hash }) + '\n');
      renameSync(`${head}.tmp`, head);
      return entry;
    });
  }

  /** Parsed entries (throws on an unparseable line; use verify() to diagnose). */
  entries(): LedgerEntry[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as LedgerEntry);
  }

  verify(): VerifyResult {
    const problems: string[] = [];
    if (!existsSync(this.file)) {
      return existsSync(`${this.file}.head`) ? { ok: false, entries: 0, problems: [`${this.file} is missing but its head file exists`] } : { ok: true, entries: 0, problems };
    }
    const lines = readFileSync(this.file, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let prev = GENESIS;
    let seq = 0;
    lines.forEach((line, i) => {
      const where = `line ${i + 1}`;
      let entry: LedgerEntry;
      try {
        entry = JSON.parse(line) as LedgerEntry;
      } catch {
        problems.push(`${where}: not valid JSON`);
        return;
      }
      const { hash, ...body } = entry;
      if (hashOf(body) !== hash) problems.push(`${where}: content does not match its hash (edited)`);
      if (entry.prev !== prev) problems.push(`${where}: previous-hash link broken (a line before it was edited, deleted or inserted)`);
      if (entry.seq !== seq + 1) problems.push(`${where}: sequence ${entry.seq} follows ${seq} (line deleted or reordered)`);
      prev = hash;
      seq = entry.seq;
    });
    const headFile = `${this.file}.head`;
    if (existsSync(headFile)) {
      try {
        const head = JSON.parse(readFileSync(headFile, 'utf8')) as { entries: number; hash: string };
        if (head.entries !== seq || head.hash !== prev) {
          problems.push(`head records ${head.entries} entries ending in ${head.hash.slice(0, 12)}, file has ${seq} ending in ${prev.slice(0, 12)} (lines deleted at the end?)`);
        }
      } catch {
        problems.push(`${headFile}: unreadable`);
      }
    } else if (lines.length) {
      problems.push(`${headFile} is missing`);
    }
    return { ok: problems.length === 0, entries: lines.length, problems };
  }

  private locked<T>(fn: () => T): T {
    const lock = `${this.file}.lock`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        closeSync(openSync(lock, 'wx'));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        if (Date.now() > deadline) throw new Error(`audit ledger is locked (${lock}); remove it if no vend process is running`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
    try {
      return fn();
    } finally {
      unlinkSync(lock);
    }
  }
}

/** sha-256 of the entry without its own hash, keys in a fixed order. */
export function hashOf(body: Omit<LedgerEntry, 'hash'>): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Fallback actor when no cloud identity is available. */
export function localActor(): string {
  return process.env.GITHUB_ACTOR ? `github:${process.env.GITHUB_ACTOR}` : `user:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
}
