import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  auditSettings,
  FileAnchorStore,
  GENESIS,
  hashOf,
  KmsSigner,
  Ledger,
  LocalKeySigner,
  openLedger,
  S3AnchorStore,
  signAnchor,
  type LedgerEntry,
} from '../../lib/operations/ledger';
import { FileLockStore } from '../../lib/operations/locks';
import { localAws, tempAudit } from './support/fixtures';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

const ACTOR = 'arn:aws:sts::111111111111:assumed-role/VendPipelineRole/ci';

async function filled(n = 4): Promise<Ledger> {
  const { ledger } = tempAudit();
  for (let i = 0; i < n; i++) await ledger.append({ actor: ACTOR, action: `decommission.step-${i}`, unit: 'space-eu-legacy-dev', outcome: 'done', detail: { i } });
  return ledger;
}

const lines = (l: Ledger) => readFileSync(l.file, 'utf8').trimEnd().split('\n');
const write = (l: Ledger, ls: string[]) => writeFileSync(l.file, ls.map((x) => x + '\n').join(''));
const anchorFile = (l: Ledger) => l.anchorLocation;

/** What a forger with write access but no key does: drop an entry and recompute every hash. */
function rechain(entries: LedgerEntry[]): string[] {
  let prev = GENESIS;
  return entries.map((e, i) => {
    const { hash: _old, ...rest } = e;
    void _old;
    const body = { ...rest, seq: i + 1, prev };
    const hash = hashOf(body);
    prev = hash;
    return JSON.stringify({ ...body, hash });
  });
}

describe('the audit ledger', () => {
  test('records who, what, when and the outcome, each entry chained to the one before and the head signed outside the file', async () => {
    const ledger = await filled(2);
    const [a, b] = ledger.entries();
    expect(a).toMatchObject({ seq: 1, actor: ACTOR, action: 'decommission.step-0', outcome: 'done', prev: GENESIS });
    expect(Date.parse(a.time)).not.toBeNaN();
    expect(b.prev).toBe(a.hash);
    const state = await ledger.inspect();
    expect(state).toMatchObject({ condition: 'ok', entries: 2, problems: [] });
    expect(state.anchor).toMatchObject({ entries: 2, head: b.hash, keyId: expect.stringMatching(/^local:[0-9a-f]{16}$/), algorithm: 'ed25519' });
    expect(path.dirname(anchorFile(ledger))).toBe(path.dirname(ledger.file));
  });

  test('a ledger that was never written is absent, not intact', async () => {
    expect(await tempAudit().ledger.inspect()).toMatchObject({ condition: 'absent', entries: 0 });
  });

  describe('fails verification', () => {
    test('when a line is edited', async () => {
      const ledger = await filled();
      const ls = lines(ledger);
      ls[1] = ls[1].replace('"outcome":"done"', '"outcome":"skipped"');
      write(ledger, ls);
      const state = await ledger.inspect();
      expect(state.condition).toBe('broken');
      expect(state.problems[0]).toBe(`${ledger.file}:2: content does not match its hash (edited)`);
    });

    test('when a line in the middle is deleted', async () => {
      const ledger = await filled();
      const ls = lines(ledger);
      ls.splice(1, 1);
      write(ledger, ls);
      expect((await ledger.inspect()).problems.join('\n')).toMatch(/:2: previous-hash link broken/);
    });

    test('when the last line is deleted (or a stale copy of the ledger is restored)', async () => {
      const ledger = await filled();
      write(ledger, lines(ledger).slice(0, -2));
      expect((await ledger.inspect()).problems).toEqual([expect.stringMatching(/the anchor signs 4 entries ending in [0-9a-f]{12}, the file has 2 \(entries deleted, or a stale copy/)]);
    });

    test('when the chain is rewritten whole (an entry dropped, every hash recomputed)', async () => {
      const ledger = await filled();
      const entries = ledger.entries();
      write(ledger, rechain([entries[0], entries[1], entries[3]]));
      const state = await ledger.inspect();
      expect(state.condition).toBe('broken');
      expect(state.problems).toEqual([expect.stringMatching(/the anchor signs 4 entries .* the file has 3/)]);
      // ...or with one more invented entry to match the count:
      write(ledger, rechain([entries[0], entries[1], entries[3], { ...entries[3], action: 'invented' }]));
      expect((await ledger.inspect()).problems).toEqual([expect.stringMatching(/entry 4 is [0-9a-f]{12} but the anchor signs [0-9a-f]{12} \(the ledger was rewritten\)/)]);
    });

    test('when the chain and its anchor are rewritten with another key', async () => {
      const ledger = await filled();
      const entries = ledger.entries();
      const forged = rechain([entries[0], entries[2]]);
      write(ledger, forged);
      const forger = new LocalKeySigner(path.join(mkdtempSync(path.join(tmpdir(), 'forger-')), 'k.pem'), { create: true });
      writeFileSync(anchorFile(ledger), JSON.stringify(await signAnchor(forger, JSON.parse(forged[1]), new Date())));
      expect((await ledger.inspect()).problems).toEqual([expect.stringMatching(/signature does not verify with the public key \(signed by local:/)]);
    });

    test('when the ledger is missing but its anchor says it exists', async () => {
      const ledger = await filled();
      rmSync(ledger.file);
      expect(await ledger.inspect()).toMatchObject({ condition: 'broken', problems: [`${ledger.file} does not exist, but its anchor ${anchorFile(ledger)} says it should (restore the ledger)`] });
    });

    test('when the anchor is missing', async () => {
      const ledger = await filled();
      rmSync(anchorFile(ledger));
      expect((await ledger.inspect()).problems).toEqual([expect.stringMatching(/no anchor, so nothing vouches for this ledger's head/)]);
    });

    test('when garbage follows the last entry', async () => {
      const ledger = await filled(2);
      writeFileSync(ledger.file, readFileSync(ledger.file, 'utf8') + '\u0000\u0001garbage');
      expect((await ledger.inspect()).problems).toEqual([expect.stringMatching(/text after the last entry that no signed head covers/)]);
    });
  });

  describe('an append cut short by a crash', () => {
    test('leaves a truncated last line that verification names and `repair` completes from the anchor', async () => {
      const ledger = await filled(3);
      const text = readFileSync(ledger.file, 'utf8');
      writeFileSync(ledger.file, text.slice(0, text.length - 40)); // the last line lost its end
      const state = await ledger.inspect();
      expect(state).toMatchObject({ condition: 'interrupted', entries: 2 });
      expect(state.problems[0]).toMatch(/the last entry \(3\) was signed but not fully written \(an interrupted append\); `vend audit verify --repair` completes it/);
      await ledger.repair();
      expect(readFileSync(ledger.file, 'utf8')).toBe(text);
      expect((await ledger.inspect()).condition).toBe('ok');
    });

    test('before any of the line was written is completed by the next append', async () => {
      const ledger = await filled(2);
      const text = readFileSync(ledger.file, 'utf8');
      await ledger.append({ actor: ACTOR, action: 'decommission.close', outcome: 'started' });
      writeFileSync(ledger.file, text); // the signed head moved, the line never made it
      await ledger.append({ actor: ACTOR, action: 'decommission.close', outcome: 'done' });
      expect(ledger.entries().map((e) => `${e.seq} ${e.action} ${e.outcome}`)).toEqual(['1 decommission.step-0 done', '2 decommission.step-1 done', '3 decommission.close started', '4 decommission.close done']);
      expect((await ledger.inspect()).condition).toBe('ok');
    });

    test('repair has nothing to do on an intact ledger and refuses a broken one', async () => {
      const ledger = await filled(2);
      expect(await ledger.repair()).toBeUndefined();
      write(ledger, lines(ledger).slice(0, 1).map((l) => l.replace('"outcome":"done"', '"outcome":"failed"')));
      await expect(ledger.repair()).rejects.toThrow(/cannot be repaired \(broken: .*content does not match its hash/);
    });

    test('a run that sees another run\'s append in flight does not write its line twice', async () => {
      // Given an append between its signed head and its line (as another process would be)...
      const ledger = await filled(2);
      const text = readFileSync(ledger.file, 'utf8');
      const entry = await ledger.append({ actor: ACTOR, action: 'decommission.close', outcome: 'started' });
      writeFileSync(ledger.file, text);
      // ...when the writer finishes its line while a repair waits for the ledger lock, the repair does nothing.
      writeFileSync(ledger.file, text + JSON.stringify(entry) + '\n');
      expect(await ledger.repair()).toBeUndefined();
      expect(ledger.entries().map((e) => e.seq)).toEqual([1, 2, 3]);
    });
  });

  test('an append reads only the tail: a damaged early line does not stop it, but verification reports it', async () => {
    const ledger = await filled(3);
    const ls = lines(ledger);
    ls[0] = '{"not":"the original"';
    write(ledger, ls);
    await ledger.append({ actor: ACTOR, action: 'decommission', outcome: 'requested' });
    expect((await ledger.inspect()).problems[0]).toBe(`${ledger.file}:1: not valid JSON`);
    expect(() => ledger.entries()).toThrow(`${ledger.file}:1: not valid JSON; run \`vend audit verify --ledger ${ledger.file}\``);
  });

  test('an append restores a last line that is missing (it is in the signed anchor) but refuses any other mismatch', async () => {
    const ledger = await filled(3);
    const ls = lines(ledger);
    write(ledger, ls.slice(0, 2));
    await ledger.append({ actor: ACTOR, action: 'y', outcome: 'done' });
    expect(lines(ledger).slice(0, 3)).toEqual(ls);
    write(ledger, ls.slice(0, 1));
    await expect(ledger.append({ actor: ACTOR, action: 'x', outcome: 'done' })).rejects.toThrow(/refusing to append to .*the anchor signs 4 entries .* the file has 1/);
    rmSync(ledger.file);
    await expect(ledger.append({ actor: ACTOR, action: 'x', outcome: 'done' })).rejects.toThrow(/refusing to append to .*: it does not exist, but its anchor/);
  });

  test('concurrent appends from two writers keep one intact chain', async () => {
    const { settings } = tempAudit();
    const a = openLedger(settings, { createDevKey: true });
    const b = openLedger(settings, { createDevKey: true });
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).append({ actor: ACTOR, action: `a-${i}`, outcome: 'done' })));
    expect(a.entries().map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await b.inspect()).condition).toBe('ok');
  });

  test.each([
    ['a directory', (d: string) => (mkdirSync(path.join(d, 'dir')), path.join(d, 'dir')), /is not a regular file/],
    ['a path under /proc', () => '/proc/vend/audit.jsonl', /not under \/proc, \/sys or \/dev/],
    ['/dev/zero', () => '/dev/zero', /not under \/proc, \/sys or \/dev/],
    ['an empty path', () => '', /the audit ledger path is empty/],
  ])('fails at once for %s as the ledger path', (_what, make, message) => {
    const d = mkdtempSync(path.join(tmpdir(), 'vend-bad-'));
    expect(() => new Ledger({ file: make(d), anchor: new FileAnchorStore(path.join(d, 'a')), locks: new FileLockStore(d) })).toThrow(message);
  });
});

describe('the audit ledger signed with a KMS key, anchored in S3 (moto)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    motoEnv();
    moto = await startMoto();
  });
  afterAll(() => moto?.stop());

  test('verifies with the public key alone, and not with another key', async () => {
    const aws = localAws(moto.url);
    const key = await aws.send('kms', new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    await aws.send('s3', new CreateBucketCommand({ Bucket: 'acme-vend-audit' }));
    await aws.send('s3', new PutBucketVersioningCommand({ Bucket: 'acme-vend-audit', VersioningConfiguration: { Status: 'Enabled' } }));
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-kms-'));
    const settings = auditSettings({
      ledger: path.join(dir, 'audit.jsonl'),
      env: { VEND_AUDIT_ANCHOR: 's3://acme-vend-audit/audit.anchor.json', VEND_AUDIT_SIGNING_KEY: `kms:${key.KeyMetadata!.KeyId}`, VEND_LOCKS: 's3://acme-vend-audit/locks' },
    });
    const writer = openLedger(settings, { aws: () => aws });
    for (const outcome of ['requested', 'started', 'done'] as const) await writer.append({ actor: ACTOR, action: 'decommission', outcome });
    const publicKey = await new KmsSigner(aws, key.KeyMetadata!.KeyId!).publicKey();

    // A verifier with no signing key and no KMS access: the public key and the anchor object only.
    const verifier = new Ledger({ file: settings.ledger, anchor: new S3AnchorStore(aws, 'acme-vend-audit', 'audit.anchor.json'), publicKey, locks: new FileLockStore(dir) });
    const state = await verifier.inspect();
    expect(state).toMatchObject({ condition: 'ok', entries: 3, anchor: { algorithm: 'ecdsa-p256-sha256', keyId: expect.stringContaining(key.KeyMetadata!.KeyId!) } });

    const other = new LocalKeySigner(path.join(dir, 'other.pem'), { create: true });
    const wrong = new Ledger({ file: settings.ledger, anchor: new S3AnchorStore(aws, 'acme-vend-audit', 'audit.anchor.json'), publicKey: await other.publicKey(), locks: new FileLockStore(dir) });
    expect((await wrong.inspect()).problems).toEqual([expect.stringMatching(/signature does not verify/)]);
  });

  test('refuses a KMS key that is not an ECC_NIST_P256 signing key', async () => {
    const aws = localAws(moto.url);
    const key = await aws.send('kms', new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    await expect(new KmsSigner(aws, key.KeyMetadata!.KeyId!).publicKey()).rejects.toThrow(/is RSA_2048\/SIGN_VERIFY; the audit ledger needs an ECC_NIST_P256 SIGN_VERIFY key/);
  });
});
