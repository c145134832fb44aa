import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './moto';

/** Starts `vend decommission --execute` in a child process (TypeScript sources, no build needed). */
export function spawnDecommission(catalog: string, unit: string, ledger: string, env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['-r', path.join(__dirname, 'ts-register.js'), path.join(__dirname, 'decommission-child.ts'), catalog, unit, ledger], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
