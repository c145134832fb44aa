/**
 * Locks as files in a directory, for one machine (development, tests). Create is O_EXCL; a remove
 * first renames the file aside (atomic), then deletes it only if it is the version the caller saw,
 * and otherwise puts it back. Runs on different machines need a shared store (S3LockStore).
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { LockStore, StoredLock } from './store';

const versionOf = (body: string) => createHash('sha256').update(body).digest('hex');

export class FileLockStore implements LockStore {
  readonly location: string;

  constructor(dir: string) {
    this.location = path.resolve(dir);
  }

  private file(key: string): string {
    return path.join(this.location, `${encodeURIComponent(key)}.lock`);
  }

  async create(key: string, body: string): Promise<string | undefined> {
    mkdirSync(this.location, { recursive: true });
    let fd: number;
    try {
      fd = openSync(this.file(key), 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw new Error(`lock ${key}: ${(e as Error).message} [${this.location}]`);
    }
    try {
      writeSync(fd, body);
    } finally {
      closeSync(fd);
    }
    return versionOf(body);
  }

  async read(key: string): Promise<StoredLock | undefined> {
    try {
      const body = readFileSync(this.file(key), 'utf8');
      return { body, version: versionOf(body) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async remove(key: string, version: string): Promise<boolean> {
    const file = this.file(key);
    const aside = `${file}.${randomUUID()}.removing`;
    try {
      renameSync(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    if (versionOf(readFileSync(aside, 'utf8')) === version) {
      unlinkSync(aside);
      return true;
    }
    // Someone else's lock: put it back (unless a new one appeared meanwhile, which then wins).
    try {
      linkSync(aside, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    unlinkSync(aside);
    return false;
  }
}
