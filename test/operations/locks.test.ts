import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { acquireLock, FileLockStore, LockHeldError, LockLostError, parseS3Url, S3LockStore, type LockRecord, type LockStore } from '../../lib/operations/locks';
import { localAws } from './support/fixtures';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

const fileStore = () => new FileLockStore(mkdtempSync(path.join(tmpdir(), 'vend-locks-')));
const T0 = new Date('2026-11-24T08:00:00Z');
const at = (ms: number) => () => new Date(T0.getTime() + ms);
const record = (over: Partial<LockRecord>): LockRecord => ({
  owner: 'runner-7:4242:x',
  host: 'runner-7',
  pid: 4242,
  purpose: 'decommission space-eu-legacy-dev',
  acquiredAt: T0.toISOString(),
  expiresAt: new Date(T0.getTime() + 60_000).toISOString(),
  ...over,
});

/** Both stores must behave the same; the S3 one runs against moto. */
function lockContract(name: string, make: () => Promise<LockStore>) {
  describe(`locks in ${name}`, () => {
    test('one holder at a time; the refusal names the holder; a release frees it', async () => {
      const store = await make();
      const held = await acquireLock(store, 'unit/aws/u1', { purpose: 'first', ttlMs: 600_000 });
      const refused = acquireLock(store, 'unit/aws/u1', { purpose: 'second', ttlMs: 600_000 });
      await expect(refused).rejects.toThrow(LockHeldError);
      await expect(refused).rejects.toThrow(/unit\/aws\/u1 is locked by .*:\d+:.* \(first\) since/);
      await held.release();
      const again = await acquireLock(store, 'unit/aws/u1', { purpose: 'second', ttlMs: 600_000 });
      expect(again.record.purpose).toBe('second');
      await again.release();
    });

    test('of many runs racing for a lock exactly one gets it', async () => {
      const store = await make();
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLock(store, 'org/o-1/close', { purpose: `run ${i}`, ttlMs: 600_000 })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof LockHeldError)).toBe(true);
    });

    test('a waiting run gets the lock once the holder releases it', async () => {
      const store = await make();
      const held = await acquireLock(store, 'org/o-1/close', { purpose: 'first', ttlMs: 600_000 });
      const waiting = acquireLock(store, 'org/o-1/close', { purpose: 'second', ttlMs: 600_000, waitMs: 5_000, pollMs: 20 });
      setTimeout(() => void held.release(), 100);
      expect((await waiting).record.purpose).toBe('second');
    });

    test('a lock expired past the grace period is broken by exactly one of several runs, and said so', async () => {
      const store = await make();
      await store.create('unit/aws/u2', JSON.stringify(record({ expiresAt: new Date(T0.getTime() - 120_000).toISOString() })));
      const logs: string[] = [];
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) => acquireLock(store, 'unit/aws/u2', { purpose: `breaker ${i}`, ttlMs: 600_000, now: at(0), log: (m) => logs.push(m) })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(logs.join('\n')).toMatch(/broke the lock unit\/aws\/u2 held by runner-7:4242:x: expired at 2026-11-24T07:58:00.000Z/);
    });

    test('a lock within its grace period, or unreadable, is never broken', async () => {
      const store = await make();
      await store.create('unit/aws/u3', JSON.stringify(record({ expiresAt: new Date(T0.getTime() - 30_000).toISOString() })));
      await expect(acquireLock(store, 'unit/aws/u3', { purpose: 'x', ttlMs: 1000, now: at(0) })).rejects.toThrow(/locked by runner-7:4242:x/);
      await store.create('unit/aws/u4', 'not json');
      await expect(acquireLock(store, 'unit/aws/u4', { purpose: 'x', ttlMs: 1000, now: at(10 * 86_400_000) })).rejects.toThrow(/unreadable lock record/);
    });

    test('remove deletes only the version that was read', async () => {
      const store = await make();
      const v1 = (await store.create('k', 'one'))!;
      expect(await store.remove('k', v1)).toBe(true);
      const v2 = (await store.create('k', 'two'))!;
      expect(v2).not.toBe(v1);
      await store.remove('k', v1);
      expect((await store.read('k'))?.body).toBe('two');
    });
  });
}

lockContract('a directory', async () => fileStore());

describe('locks in S3 (moto, versioned bucket)', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    motoEnv();
    moto = await startMoto();
  });
  afterAll(() => moto?.stop());
  let n = 0;
  const make = async () => {
    const aws = localAws(moto.url);
    const Bucket = `vend-locks-${++n}`;
    await aws.send('s3', new CreateBucketCommand({ Bucket }));
    await aws.send('s3', new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    return new S3LockStore(aws, Bucket, 'vend/locks');
  };
  lockContract('S3', make);

  test('an S3 lock create answered ambiguously still belongs to its writer', async () => {
    const real = await make();
    const flaky: LockStore = {
      location: real.location,
      read: (k) => real.read(k),
      remove: (k, v) => real.remove(k, v),
      async create(k, b) {
        await real.create(k, b);
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      },
    };
    const held = await acquireLock(flaky, 'unit/aws/u5', { purpose: 'x', ttlMs: 600_000 });
    await held.verify();
  });
});

describe('a held lock', () => {
  test('stops its holder a margin before it expires', async () => {
    const store = fileStore();
    let now = 0;
    const held = await acquireLock(store, 'k', { purpose: 'x', ttlMs: 120_000, now: () => new Date(T0.getTime() + now) });
    expect(() => held.assertHeld()).not.toThrow();
    now = 89_000;
    expect(() => held.assertHeld()).not.toThrow();
    now = 91_000;
    expect(() => held.assertHeld()).toThrow(LockLostError);
  });

  test('notices when its lock was broken and replaced', async () => {
    const store = fileStore();
    const held = await acquireLock(store, 'k', { purpose: 'x', ttlMs: 600_000 });
    const current = (await store.read('k'))!;
    await store.remove('k', current.version);
    await store.create('k', JSON.stringify(record({})));
    await expect(held.verify()).rejects.toThrow(/was broken or replaced/);
  });

  test('left by a process on this host that is gone is broken at once', async () => {
    const store = fileStore();
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    await store.create('ledger', JSON.stringify(record({ host: hostname(), pid: gone, owner: `${hostname()}:${gone}:y`, expiresAt: '2999-01-01T00:00:00.000Z' })));
    const logs: string[] = [];
    const held = await acquireLock(store, 'ledger', { purpose: 'append', ttlMs: 10_000, log: (m) => logs.push(m) });
    expect(held.record.pid).toBe(process.pid);
    expect(logs[0]).toMatch(new RegExp(`its process ${gone} on this host is gone`));
  });
});

test('s3:// URLs name a bucket and a key prefix', () => {
  expect(parseS3Url('s3://acme-vend-audit/locks/')).toEqual({ bucket: 'acme-vend-audit', key: 'locks/' });
  expect(parseS3Url('s3://acme-vend-audit')).toEqual({ bucket: 'acme-vend-audit', key: '' });
  expect(parseS3Url('/var/lib/vend')).toBeUndefined();
  expect(parseS3Url('s3://A_B/x')).toBeUndefined();
});
