/**
 * One throw-away cache folder for the whole run (VEND_CACHE_DIR, read by the AWS validator's cache
 * and inherited by the test workers and the `vend` processes they start), so no test reads a
 * result cached by an earlier run or writes to the user's ~/.cache.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export default function globalSetup(): void {
  process.env.VEND_CACHE_DIR = mkdtempSync(path.join(tmpdir(), 'vend-test-cache-'));
}
