import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli';
import { loadInventory } from '../../lib/model';
import { seedAws } from '../../lib/operations/testing/seed-aws';
import { CATALOG, demoModel, localAws } from './support/fixtures';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

let moto: MotoServer;
const saved = { ...process.env };
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
  process.env.AWS_ENDPOINT_URL = moto.url;
  process.env.VEND_API_UNLIMITED = '1';
});
afterAll(() => {
  moto?.stop();
  process.env = saved;
});
beforeEach(() => moto.reset());

/** Runs `vend <args>` through the real entry point, main(), which maps every outcome to its exit code. */
const vend = (...args: string[]) => runCli(args);

describe('the lifecycle commands', () => {
  test('vend inventory --out writes a snapshot vend plan can read, and --stats counts calls per API on stderr', async () => {
    await seedAws(localAws(moto.url), demoModel());
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vend-inv-')), 'inventory.json');
    const r = await vend('inventory', '--cloud', 'aws', '--catalog', CATALOG, '--out', file, '--stats');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^AWS: 12 OUs, 9 accounts/);
    expect(r.stderr).toMatch(/organizations:ListAccountsForParent\s+13/);
    const loaded = loadInventory(file);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.inventory!.aws!.accounts).toHaveLength(9);
  });

  test('vend drift exits 3 on drift with a markdown report, 0 when in sync', async () => {
    await seedAws(localAws(moto.url), demoModel(), { drift: true });
    const found = await vend('drift', '--cloud', 'aws', '--catalog', CATALOG, '--format', 'markdown');
    expect(found.code).toBe(3);
    expect(found.stdout).toMatch(/^## vend drift: 5 finding\(s\)/);
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-drift-'));
    const inv = { apiVersion: 'vend/v1', kind: 'Inventory', aws: { organizationalUnits: [], accounts: [] } };
    writeFileSync(path.join(dir, 'inv.json'), JSON.stringify(inv));
    const empty = await vend('drift', '--cloud', 'aws', '--catalog', CATALOG, '--inventory', path.join(dir, 'inv.json'), '--format', 'json');
    expect(empty.code).toBe(3);
    expect(JSON.parse(empty.stdout).findings.some((f: { kind: string }) => f.kind === 'node-missing')).toBe(true);
  });

  test('vend decommission plans by default, refuses --execute without --confirm, and vend audit verify checks the ledger', async () => {
    await seedAws(localAws(moto.url), demoModel());
    const ledger = path.join(mkdtempSync(path.join(tmpdir(), 'vend-audit-')), 'audit.jsonl');
    const plan = await vend('decommission', 'space-eu-legacy-dev', '--catalog', CATALOG, '--ledger', ledger);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/dry run/);
    const unconfirmed = await vend('decommission', 'space-eu-legacy-dev', '--catalog', CATALOG, '--ledger', ledger, '--execute');
    expect(unconfirmed).toMatchObject({ code: 2, stderr: expect.stringMatching(/--execute needs --confirm space-eu-legacy-dev/) });
    const misconfirmed = await vend('decommission', 'space-eu-legacy-dev', '--catalog', CATALOG, '--ledger', ledger, '--execute', '--confirm', 'space-eu-legacy');
    expect(misconfirmed).toMatchObject({ code: 2, stderr: expect.stringMatching(/--execute needs --confirm space-eu-legacy-dev \(got 'space-eu-legacy'\)/) });
    const done = await vend('decommission', 'space-eu-legacy-dev', '--catalog', CATALOG, '--ledger', ledger, '--execute', '--confirm', 'space-eu-legacy-dev');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/complete: the unit is out of service/);
    expect((await vend('drift', '--cloud', 'aws', '--catalog', CATALOG)).code).toBe(0);
    const lines = readFileSync(ledger, 'utf8').trimEnd().split('\n').length;
    expect(lines).toBe(1 + 1 + 2 * 5); // requested, revoke-access skipped, five steps started + done
    expect(await vend('audit', 'verify', '--ledger', ledger)).toMatchObject({ code: 0, stdout: expect.stringMatching(`${lines} entries, chain intact`) });
    writeFileSync(ledger, readFileSync(ledger, 'utf8').replace('"outcome":"done"', '"outcome":"skipped"'));
    expect(await vend('audit', 'verify', '--ledger', ledger)).toMatchObject({ code: 1, stdout: expect.stringMatching(/TAMPERED/) });
  });
});
