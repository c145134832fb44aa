import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CATALOG_DIR } from './support';

/** Runs bin/aws-app.ts as `cdk synth` would, with its environment, and returns the outdir. */
function runEntry(catalog: string, env: Record<string, string> = {}): { outdir: string; exitCode: number | undefined; stderr: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'vend-aws-entry-'));
  const saved = { VEND_CATALOG: process.env.VEND_CATALOG, CDK_OUTDIR: process.env.CDK_OUTDIR, exitCode: process.exitCode };
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const write = process.stderr.write;
  let stderr = '';
  process.env.VEND_CATALOG = catalog;
  process.env.CDK_OUTDIR = outdir;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    jest.isolateModules(() => require('../../bin/aws-app'));
    return { outdir, exitCode: process.exitCode as number | undefined, stderr };
  } finally {
    process.stderr.write = write;
    process.env.VEND_CATALOG = saved.VEND_CATALOG;
    process.env.CDK_OUTDIR = saved.CDK_OUTDIR;
    process.exitCode = saved.exitCode;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('the CDK app entry (bin/aws-app.ts)', () => {
  test('synthesizes the catalog named by VEND_CATALOG into the CLI\'s outdir (whether cdk-nag ran is not observed here; cdk-nag.test.ts covers the app with nag on)', () => {
    const { outdir } = runEntry(CATALOG_DIR);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts)).toEqual(expect.arrayContaining(['Vend-Organization', 'Vend-Security']));
    expect(existsSync(path.join(outdir, 'Vend-Organization.template.json'))).toBe(true);
  });

  test('reports an invalid catalog on stderr and exits 1 without synthesizing', () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'vend-aws-bad-'));
    mkdirSync(path.join(bad, 'units'));
    writeFileSync(path.join(bad, 'organization.yaml'), 'apiVersion: vend/v1\nkind: Organization\nname: x\n');
    const { outdir, exitCode, stderr } = runEntry(bad);
    expect(exitCode).toBe(1);
    expect(stderr).toContain('organization.yaml');
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });

  test('creates at most VEND_MAX_NEW_ACCOUNTS new accounts, per the inventory in VEND_INVENTORY, and says which wait', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-aws-inv-'));
    const account = (unit: string, i: number) => ({ id: String(100000000000 + i), name: unit, email: `${unit}@aws.acme.example`, status: 'ACTIVE', ouPath: 'acme', tags: { 'vend:unit': unit } });
    const inventory = { apiVersion: 'vend/v1', kind: 'Inventory', aws: { organizationalUnits: [], accounts: ['central-aws-prod', 'control-plane-aws-prod'].map(account) } };
    writeFileSync(path.join(dir, 'inventory.json'), JSON.stringify(inventory));
    const { outdir, stderr } = runEntry(CATALOG_DIR, { VEND_MAX_NEW_ACCOUNTS: '1', VEND_INVENTORY: path.join(dir, 'inventory.json'), VEND_NAG: 'false' });
    expect(stderr).toContain('vend: 4 new account(s) left for the next deploy: pop-eu-prod, space-eu-acme-prod, space-eu-shared-dev, space-eu-shared-prod');
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts).filter((a) => a.startsWith('Vend-Accounts-') && !a.endsWith('.assets')).length).toBe(3);
  });

  test('refuses VEND_MAX_NEW_ACCOUNTS without an inventory', () => {
    expect(() => runEntry(CATALOG_DIR, { VEND_MAX_NEW_ACCOUNTS: '5', VEND_INVENTORY: '' })).toThrow(/needs VEND_INVENTORY/);
  });
});
