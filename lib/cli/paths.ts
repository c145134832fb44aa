/**
 * Where the CLI may read and write: never kernel or device file systems (a recursive mkdir under
 * /proc never returns, /dev/zero never ends), every message names the file, and files are written
 * whole or not at all (a temporary file in the same folder, then a rename, which POSIX makes atomic:
 * pubs.opengroup.org/onlinepubs/9699919799/functions/rename.html).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './io';

const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

/** Refuses paths under /proc, /sys or /dev, and anything that exists but is a device, FIFO or socket. */
export function refuseSpecialPath(file: string, flag: string): void {
  const resolved = path.resolve(file);
  if (SPECIAL_ROOTS.some((root) => resolved === root || resolved.startsWith(root + '/'))) {
    throw new UsageError(`${flag} ${file}: vend does not read or write under ${SPECIAL_ROOTS.join(', ')}`);
  }
  try {
    const stat = statSync(resolved);
    if (!stat.isFile() && !stat.isDirectory()) throw new UsageError(`${flag} ${file}: is a device, FIFO or socket, not a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
}

/** Creates a folder for output, naming it in the error if that fails. */
export function ensureDirectory(dir: string, flag: string): void {
  refuseSpecialPath(dir, flag);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`${flag} ${dir}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`${flag} ${dir}: is not a folder`);
}

/** Writes `content` to `file` atomically: readers see the old file or the new one, never half. */
export function writeFileAtomic(file: string, content: string, flag: string, mode = 0o644): void {
  refuseSpecialPath(file, flag);
  ensureDirectory(path.dirname(path.resolve(file)), flag);
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w', mode);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw new Error(`${flag} ${file}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
