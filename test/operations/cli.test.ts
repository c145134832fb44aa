import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadInventory } from '../../lib/model';
import { GENESIS, hashOf, type LedgerEntry } from '../../lib/operations/ledger';
import { deployDecommissioned } from '../../lib/operations/testing/deploy-decommissioned';
import { seedAws } from '../../lib/operations/testing/seed-aws';
import { runCli as vend } from '../cli/run-cli';
import { CATALOG, demoModel, localAws } from './support/fixtures';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

let moto: MotoServer;
/** The CLI's endpoint: moto behind a proxy that plays CloudTrail's event history (moto answers LookupEvents with a 500 page, retried for seconds). */
let proxy: FaultProxy;
const saved = { ...process.env };
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
  proxy = await startFaultProxy(moto.url);
  proxy.trail = true;
  process.env.AWS_ENDPOINT_URL = proxy.url;
  process.env.VEND_API_UNLIMITED = '1';
  for (const k of ['GITHUB_ACTIONS', 'VEND_AUDIT_LEDGER', 'VEND_AUDIT_ANCHOR', 'VEND_AUDIT_SIGNING_KEY', 'VEND_AUDIT_PUBLIC_KEY', 'VEND_LOCKS']) delete process.env[k];
});
afterAll(async () => {
  moto?.stop();
  await proxy?.close();
  process.env = saved;
});
beforeEach(() => moto.reset());

const UNIT = 'space-eu-legacy-dev';
const tempLedgerPath = () => path.join(mkdtempSync(path.join(tmpdir(), 'vend-audit-')), 'audit.jsonl');

describe('the lifecycle commands', () => {
  test('vend inventory --out writes a snapshot vend plan can read, and --stats counts calls per API on stderr', async () => {
    await seedAws(localAws(moto.url), demoModel());
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vend-inv-')), 'inventory.json');
    const r = await vend(['inventory', '--cloud', 'aws', '--catalog', CATALOG, '--out', file, '--stats']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^AWS: 12 OUs, 9 accounts/);
    expect(r.stderr).toMatch(/organizations:ListAccountsForParent\s+13/);
    const loaded = loadInventory(file);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.inventory!.aws!.accounts).toHaveLength(9);
  });

  test('vend drift exits 3 on drift with a markdown report, 0 when in sync', async () => {
    await seedAws(localAws(moto.url), demoModel(), { drift: true });
    const found = await vend(['drift', '--cloud', 'aws', '--catalog', CATALOG, '--format', 'markdown']);
    expect(found.code).toBe(3);
    expect(found.stdout).toMatch(/^## vend drift: 5 finding\(s\)/);
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-drift-'));
    const inv = { apiVersion: 'vend/v1', kind: 'Inventory', aws: { organizationalUnits: [], accounts: [] } };
    writeFileSync(path.join(dir, 'inv.json'), JSON.stringify(inv));
    const empty = await vend(['drift', '--cloud', 'aws', '--catalog', CATALOG, '--inventory', path.join(dir, 'inv.json'), '--format', 'json']);
    expect(empty.code).toBe(3);
    expect(JSON.parse(empty.stdout).findings.some((f: { kind: string }) => f.kind === 'node-missing')).toBe(true);
  });

  test('vend decommission: usage errors exit 2, a refusal 1, an executed run waiting for the deploy 5, completion 0', async () => {
    const aws = localAws(moto.url);
    const seeded = await seedAws(aws, demoModel());
    const ledger = tempLedgerPath();
    const args = ['decommission', UNIT, '--catalog', CATALOG, '--ledger', ledger];
    const plan = await vend(args);
    expect(plan).toMatchObject({ code: 0, stdout: expect.stringMatching(/dry run[\s\S]*awaiting-deploy\s+Account in the Quarantine OU \(deploy\)[\s\S]*deploy: the AWS app \(cdk deploy\)/) });
    expect(await vend([...args, '--execute'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--execute needs --confirm space-eu-legacy-dev/) });
    expect(await vend([...args, '--execute', '--confirm', 'space-eu-legacy-DEV'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/got 'space-eu-legacy-DEV'/) });
    expect(await vend([...args, '--confirm', UNIT])).toMatchObject({ code: 2 });
    expect(await vend(['decommission', 'space-eu-acme-prod', '--catalog', CATALOG, '--ledger', ledger, '--execute', '--confirm', 'space-eu-acme-prod'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is active in the catalog/),
    });
    expect(await vend([...args, '--execute', '--confirm', UNIT])).toMatchObject({ code: 5, stdout: expect.stringMatching(/pending: the deploy has not taken the unit out yet/) });

    await deployDecommissioned(aws, demoModel(), UNIT);
    const done = await vend([...args, '--execute', '--confirm', UNIT, '--format', 'json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ apiVersion: 'vend/v1', kind: 'Decommission', complete: true, ledger, target: seeded.accounts.get(UNIT) });
    expect((await vend(['drift', '--cloud', 'aws', '--catalog', CATALOG])).code).toBe(0);
    expect(await vend(['audit', 'verify', '--ledger', ledger])).toMatchObject({ code: 0, stdout: expect.stringMatching(/entries, chain intact, head signed by local:[0-9a-f]{16}/) });
  });

  test('a pipeline run refuses to keep its audit trail on the runner', async () => {
    process.env.GITHUB_ACTIONS = 'true';
    try {
      const r = await vend(['decommission', UNIT, '--catalog', CATALOG, '--ledger', tempLedgerPath(), '--execute', '--confirm', UNIT]);
      expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/set VEND_AUDIT_ANCHOR, VEND_AUDIT_SIGNING_KEY, VEND_LOCKS/) });
    } finally {
      delete process.env.GITHUB_ACTIONS;
    }
  });
});

describe('vend audit verify', () => {
  /** A ledger of four entries written through the CLI's own settings (local key and anchor beside it). */
  async function written(): Promise<string> {
    const { auditSettings, openLedger } = await import('../../lib/operations/ledger');
    const file = tempLedgerPath();
    const ledger = openLedger(auditSettings({ ledger: file, env: {} }), { createDevKey: true });
    for (const outcome of ['requested', 'started', 'done', 'done'] as const) await ledger.append({ actor: 'ci', action: 'decommission.close', unit: UNIT, target: '111111111111', outcome });
    return file;
  }
  const verify = (file: string) => vend(['audit', 'verify', '--ledger', file]);
  const entries = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as LedgerEntry);

  test('passes an intact ledger', async () => {
    expect(await verify(await written())).toMatchObject({ code: 0, stdout: expect.stringMatching(/4 entries, chain intact/) });
  });

  test('fails on a missing ledger (a typo, a failed download)', async () => {
    const file = await written();
    rmSync(file);
    expect(await verify(file)).toMatchObject({ code: 1, stdout: expect.stringMatching(/TAMPERED[\s\S]*does not exist, but its anchor .* says it should/) });
    expect(await verify('/nonexistent/ledger.jsonl')).toMatchObject({ code: 1, stdout: expect.stringMatching(/MISSING[\s\S]*does not exist and no anchor/) });
  });

  test('fails on a rewritten line', async () => {
    const file = await written();
    writeFileSync(file, readFileSync(file, 'utf8').replace('"outcome":"started"', '"outcome":"skipped"'));
    expect(await verify(file)).toMatchObject({ code: 1, stdout: expect.stringMatching(/TAMPERED[\s\S]*:2: content does not match its hash/) });
  });

  test('fails on a re-chained ledger (an entry dropped, every hash recomputed)', async () => {
    const file = await written();
    let prev = GENESIS;
    const forged = entries(file)
      .filter((e) => e.outcome !== 'started')
      .map((e, i) => {
        const { hash: _h, ...rest } = e;
        void _h;
        const body = { ...rest, seq: i + 1, prev };
        prev = hashOf(body);
        return JSON.stringify({ ...body, hash: prev });
      });
    writeFileSync(file, forged.join('\n') + '\n');
    expect(await verify(file)).toMatchObject({ code: 1, stdout: expect.stringMatching(/TAMPERED[\s\S]*the anchor signs 4 entries .* the file has 3/) });
  });

  test('names a last line cut short, and `vend audit verify --repair` completes it from the anchor', async () => {
    const file = await written();
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, -30));
    expect(await verify(file)).toMatchObject({ code: 1, stdout: expect.stringMatching(/INTERRUPTED[\s\S]*`vend audit verify --repair` completes it/) });
    expect(await vend(['audit', 'verify', '--repair', '--ledger', file])).toMatchObject({ code: 0, stderr: expect.stringMatching(/completed entry 4 \(decommission.close done\)/), stdout: expect.stringMatching(/4 entries, chain intact/) });
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect((await verify(file)).code).toBe(0);
  });

  test('verifies with a pinned public key, and fails with another one', async () => {
    const { LocalKeySigner } = await import('../../lib/operations/ledger');
    const file = await written();
    const dir = path.dirname(file);
    const own = new LocalKeySigner(path.join(dir, 'audit-signing-key.pem'));
    writeFileSync(path.join(dir, 'own.pub'), await own.publicKey());
    const other = new LocalKeySigner(path.join(dir, 'other.pem'), { create: true });
    writeFileSync(path.join(dir, 'other.pub'), await other.publicKey());
    expect((await vend(['audit', 'verify', '--ledger', file, '--public-key', path.join(dir, 'own.pub')])).code).toBe(0);
    expect(await vend(['audit', 'verify', '--ledger', file, '--public-key', path.join(dir, 'other.pub')])).toMatchObject({ code: 1, stdout: expect.stringMatching(/signature does not verify/) });
  });
});
