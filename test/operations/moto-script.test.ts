import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startMoto } from './support/moto';

describe('scripts/moto.sh as the test setup uses it', () => {
  test('fails (so the suite fails, never skips) when moto cannot start', async () => {
    // Given an installation whose python cannot run moto
    const home = mkdtempSync(path.join(tmpdir(), 'vend-moto-'));
    mkdirSync(path.join(home, 'usr/lib/python3/dist-packages/moto'), { recursive: true });
    writeFileSync(path.join(home, 'usr/lib/python3/dist-packages/moto/__init__.py'), '');
    mkdirSync(path.join(home, 'shim'));
    const saved = { MOTO_HOME: process.env.MOTO_HOME, MOTO_PYTHON: process.env.MOTO_PYTHON };
    process.env.MOTO_HOME = home;
    process.env.MOTO_PYTHON = '/bin/false';
    try {
      // When the test setup starts it, Then it throws with the script's explanation
      await expect(startMoto()).rejects.toThrow(/moto could not start/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
