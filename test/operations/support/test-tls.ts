/**
 * A throwaway self-signed certificate for the local ARM test server, made with openssl on first
 * use and shared by every test process of this user (written atomically as one file, so a
 * certificate never pairs with another process's key). No key material is committed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';

function loadOrCreate(): { cert: string; key: string } {
  const bundle = path.join(tmpdir(), `vend-test-tls-${userInfo().uid}.pem`);
  if (!existsSync(bundle)) {
    const work = mkdtempSync(path.join(tmpdir(), 'vend-tls-'));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem'),
      ], { stdio: 'ignore' });
      const combined = path.join(work, 'bundle.pem');
      writeFileSync(combined, readFileSync(path.join(work, 'cert.pem'), 'utf8') + readFileSync(path.join(work, 'key.pem'), 'utf8'));
      renameSync(combined, bundle);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const pem = readFileSync(bundle, 'utf8');
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(pem)?.[0];
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem)?.[0];
  if (!cert || !key) throw new Error(`unreadable test certificate bundle ${bundle}`);
  return { cert, key };
}

export const TEST_TLS = loadOrCreate();
