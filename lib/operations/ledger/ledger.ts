/**
 * The audit ledger: an append-only JSON-lines file in which every entry carries the hash of the one
 * before, and whose head (count, last hash, last entry) is signed and kept outside the file as its
 * anchor. Appends hold the ledger lock, read only the file's tail, sign and store the new head, then
 * write the line; `inspect` checks the whole chain against the anchor.
 */
import { existsSync, statSync, truncateSync } from 'node:fs';
import { acquireLock, type HeldLock, type LockStore } from '../locks';
import { checkAnchor, signAnchor, type Anchor, type AnchorStore } from './anchor';
import { hashOf, nextEntry, type LedgerEntry, type LedgerRecord } from './entry';
import { appendLine, checkLedgerPath, LedgerError, readLedgerText, readTail } from './file';
import { checkChain, headProblems, inspectLedger, type LedgerState } from './inspect';
import type { Signer } from './signer';

export interface LedgerOptions {
  readonly file: string;
  readonly anchor: AnchorStore;
  /** Signs new heads; without one the ledger can be read and verified but not appended to. */
  readonly signer?: Signer;
  /** PEM public key that verifies the anchor. @default the signer's */
  readonly publicKey?: string;
  /** Where the append lock lives. */
  readonly locks: LockStore;
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
}

export class Ledger {
  readonly file: string;
  private readonly now: () => Date;

  constructor(private readonly options: LedgerOptions) {
    this.file = checkLedgerPath(options.file);
    this.now = options.now ?? (() => new Date());
  }

  get anchorLocation(): string {
    return this.options.anchor.location;
  }

  async publicKey(): Promise<string> {
    if (this.options.publicKey) return this.options.publicKey;
    if (!this.options.signer) throw new LedgerError(`no public key to verify ${this.file} with: give one (--public-key, VEND_AUDIT_PUBLIC_KEY) or the signing key`);
    return this.options.signer.publicKey();
  }

  /** The whole chain checked against the anchor. */
  async inspect(): Promise<LedgerState> {
    const text = readLedgerText(this.file);
    const anchorText = await this.options.anchor.read();
    // Nothing to verify needs no key: a ledger that never existed is simply absent.
    const publicKey = anchorText === undefined ? '' : await this.publicKey();
    return inspectLedger({ file: this.file, text, anchorLocation: this.options.anchor.location, anchorText, publicKey });
  }

  /** Every entry, parsed; throws naming file and line on a line that does not parse. */
  entries(): LedgerEntry[] {
    const text = readLedgerText(this.file);
    if (text === undefined) return [];
    const chain = checkChain(this.file, text);
    const unparsable = chain.problems.find((p) => p.includes('not valid JSON'));
    if (unparsable) throw new LedgerError(`${unparsable}; run \`vend audit verify --ledger ${this.file}\``);
    return chain.entries;
  }

  async append(record: LedgerRecord): Promise<LedgerEntry> {
    const signer = this.options.signer;
    if (!signer) throw new LedgerError(`${this.file}: no signing key configured, so nothing can be appended`);
    return this.locked(`append to ${this.file}`, async (lock) => {
      const last = await this.completeTail();
      const entry = nextEntry(last, record, this.now());
      // The signed head first: a crash before the line is written leaves a repairable state.
      await this.options.anchor.write(JSON.stringify(await signAnchor(signer, entry, this.now())));
      lock.assertHeld();
      appendLine(this.file, JSON.stringify(entry));
      return entry;
    });
  }

  /**
   * Completes an append a crash cut short, from the signed anchor, holding the ledger lock (another
   * run's append in flight looks the same from outside). Returns the completed entry, or undefined
   * when there is nothing to complete; throws when the ledger is in any other state.
   */
  async repair(): Promise<LedgerEntry | undefined> {
    return this.locked(`repair ${this.file}`, async () => {
      const state = await this.inspect();
      if (state.condition === 'ok') return undefined;
      if (state.condition !== 'interrupted' || !state.anchor?.entry) {
        throw new LedgerError(`${this.file}: cannot be repaired (${state.condition}${state.problems.length ? `: ${state.problems.join('; ')}` : ''})`);
      }
      return this.completeFrom(state.anchor, state.partial);
    });
  }

  private async locked<T>(purpose: string, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
    const lock = await acquireLock(this.options.locks, `ledger/${this.file}`, { purpose, ttlMs: 120_000, waitMs: 30_000, pollMs: 50, log: this.options.log });
    try {
      return await fn(lock);
    } finally {
      await lock.release();
    }
  }

  private completeFrom(anchor: Anchor, partial: string): LedgerEntry {
    if (partial) truncateSync(this.file, statSync(this.file).size - Buffer.byteLength(partial));
    appendLine(this.file, JSON.stringify(anchor.entry));
    this.options.log?.(`${this.file}: completed entry ${anchor.entries}, which a crash had cut short, from the signed anchor`);
    return anchor.entry!;
  }

  /**
   * The last entry, after checking that the file's tail is the signed head (and completing an
   * append a crash cut short). Reads only the end of the file; `inspect` checks the whole chain.
   */
  private async completeTail(): Promise<LedgerEntry | undefined> {
    const anchorText = await this.options.anchor.read();
    const tail = existsSync(this.file) ? readTail(this.file) : undefined;
    const empty = !tail || (tail.last === undefined && tail.partial === '');
    if (!anchorText && empty) return undefined; // a new ledger
    const refuse = (why: string) => new LedgerError(`refusing to append to ${this.file}: ${why}`);
    if (!anchorText) throw refuse(`no anchor at ${this.options.anchor.location} vouches for its head`);
    if (!tail) throw refuse(`it does not exist, but its anchor ${this.options.anchor.location} says it should (restore the ledger)`);
    const { anchor, problem } = checkAnchor(anchorText, await this.publicKey());
    if (!anchor) throw refuse(`${this.options.anchor.location}: ${problem}`);
    const last = tail.last === undefined ? undefined : parseEntry(this.file, tail.last);
    const problems = headProblems(this.file, anchor, last, tail.partial);
    if (problems.length) throw refuse(problems.join('; '));
    return anchor.entries === (last?.seq ?? 0) + 1 ? this.completeFrom(anchor, tail.partial) : last;
  }
}

function parseEntry(file: string, line: string): LedgerEntry {
  let entry: LedgerEntry;
  try {
    entry = JSON.parse(line) as LedgerEntry;
  } catch {
    throw new LedgerError(`refusing to append to ${file}: its last line is not valid JSON`);
  }
  const { hash, ...body } = entry;
  if (hashOf(body) !== hash) throw new LedgerError(`refusing to append to ${file}: its last entry does not match its hash (edited)`);
  return entry;
}
