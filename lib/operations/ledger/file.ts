/** Reading and appending the ledger file: bounded, regular files only, the tail read from the end. */
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';

/** Node strings hold at most 2^29 characters; a ledger this large must be rotated. */
export const MAX_LEDGER_BYTES = 512 * 1024 * 1024;

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

/** Refuses a ledger path that cannot hold a regular file (a directory, a device, /proc or /sys). */
export function checkLedgerPath(file: string): string {
  if (!file.trim()) throw new LedgerError('the audit ledger path is empty');
  const resolved = path.resolve(file);
  if (/^\/(proc|sys|dev)(\/|$)/.test(resolved)) throw new LedgerError(`${resolved}: the audit ledger must be a regular file, not under /proc, /sys or /dev`);
  if (existsSync(resolved) && !statSync(resolved).isFile()) throw new LedgerError(`${resolved}: the audit ledger is not a regular file`);
  return resolved;
}

export function readLedgerText(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_LEDGER_BYTES) throw new LedgerError(`${file}: ${size} bytes; ledgers over ${MAX_LEDGER_BYTES} bytes must be rotated`);
    const buf = Buffer.alloc(size);
    let read = 0;
    while (read < size) read += readSync(fd, buf, read, size - read, read);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface Tail {
  /** The last complete (newline-terminated) line, if any. */
  readonly last?: string;
  /** Bytes after the last newline: a line cut short by a crash. */
  readonly partial: string;
  /** Byte offset where `partial` starts (to truncate it). */
  readonly partialOffset: number;
}

/** The end of the file, without reading all of it: doubles the window until it holds a full line. */
export function readTail(file: string): Tail {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let window = 64 * 1024; ; window *= 2) {
      const start = Math.max(0, size - window);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const text = buf.toString('utf8');
      const lastNewline = text.lastIndexOf('\n');
      const partial = text.slice(lastNewline + 1);
      const partialOffset = size - Buffer.byteLength(partial);
      if (lastNewline < 0 && start > 0) continue;
      const before = text.slice(0, Math.max(lastNewline, 0));
      const prevNewline = before.lastIndexOf('\n');
      if (prevNewline < 0 && start > 0) continue;
      const last = lastNewline < 0 ? undefined : before.slice(prevNewline + 1).replace(/\r$/, '');
      return { last: last === '' && lastNewline === 0 ? undefined : last, partial, partialOffset };
    }
  } finally {
    closeSync(fd);
  }
}

/** Appends one line and flushes it to disk before returning. */
export function appendLine(file: string, line: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'a', 0o644);
  try {
    writeSync(fd, line.endsWith('\n') ? line : `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
