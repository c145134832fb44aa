/**
 * Starts moto on 127.0.0.1 (a free port) through the project's own scripts/moto.sh. Throws, so the
 * suite fails rather than skips, when moto cannot be installed or started.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

export interface MotoServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  reset(): Promise<void>;
  stop(): void;
}

export const REPO_ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(REPO_ROOT, 'scripts/moto.sh');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  let out: string;
  try {
    // env explicitly: jest gives each test file its own copy of process.env.
    out = execFileSync(SCRIPT, ['start', String(port)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000, env: process.env });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`moto could not start (scripts/moto.sh start ${port}): ${err.stderr ?? err.message}`);
  }
  const pid = Number(out.trim().split('\n').pop());
  if (!Number.isInteger(pid)) throw new Error(`scripts/moto.sh printed no PID: ${out}`);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(pid);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', stop);
  return {
    url,
    port,
    pid,
    async reset() {
      const r = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!r.ok) throw new Error(`moto reset: ${r.status}`);
    },
    stop,
  };
}

/** Credentials moto accepts; the region Organizations lives in. */
export function motoEnv(): void {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
}
