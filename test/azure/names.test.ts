/** Azure names: stable, within Azure's limits, and deterministic synth. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { flowLogStorageName, keyVaultName, quarterSubnets, stableGuid, stateBackendFromEnv, synthesizeAzure, TENANT_STACK } from '../../lib/azure';
import { Lazy, TerraformOutput, TerraformStack, Testing } from '../../lib/azure/cdktf';
import { bundledModel, synth } from './support/synth';

describe('names', () => {
  test('Key Vault and storage names stay within their 24-character limits for any valid alias', () => {
    const alias = fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,8}$/).filter((s) => s.length <= 71);
    fc.assert(
      fc.property(alias, (identity) => {
        expect(keyVaultName({ identity })).toMatch(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/);
        expect(keyVaultName({ identity })).not.toContain('--');
        expect(flowLogStorageName({ identity })).toMatch(/^[a-z0-9]{3,24}$/);
      }),
    );
  });

  test('Key Vault names of different subscriptions differ even when their first 17 characters agree', () => {
    expect(keyVaultName({ identity: 'acme-space-we-contoso-prod' })).not.toBe(keyVaultName({ identity: 'acme-space-we-contoso-dev' }));
  });

  test('stable GUIDs are RFC 4122 shaped and depend only on the key', () => {
    expect(stableGuid('acme/workload-contributor')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableGuid('acme/x')).not.toBe(stableGuid('acme/y'));
  });

  test('the workload contributor role keeps its GUID across releases (a new GUID would replace the role and every assignment of it)', () => {
    expect(stableGuid('acme/workload-contributor')).toBe('3cea8267-40d8-5fee-8908-99f29ec5e072');
  });

  test('a /22 splits into four /24 subnets', () => {
    expect(quarterSubnets('10.220.0.0/22')).toEqual(['10.220.0.0/24', '10.220.1.0/24', '10.220.2.0/24', '10.220.3.0/24']);
    expect(quarterSubnets('10.0.0.0/16')).toEqual(['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18', '10.0.192.0/18']);
  });

  test('fails to split a network too small for four subnets', () => {
    expect(() => quarterSubnets('10.0.0.0/28')).toThrow(/too small/);
    expect(() => quarterSubnets('10.0.0/22')).toThrow(/not an IPv4 CIDR/);
  });
});

describe('state backend from the environment', () => {
  test('is local without a state storage account', () => {
    expect(stateBackendFromEnv({})).toEqual({ kind: 'local' });
  });

  test('is azurerm when a storage account is named', () => {
    expect(stateBackendFromEnv({ VEND_AZURE_STATE_STORAGE_ACCOUNT: 'stvend', VEND_AZURE_STATE_CONTAINER: 'state' })).toEqual({
      kind: 'azurerm',
      storageAccountName: 'stvend',
      containerName: 'state',
      resourceGroupName: undefined,
      subscriptionId: undefined,
      tenantId: undefined,
    });
  });
});

describe('synth', () => {
  test('is deterministic: the same catalog gives the same bytes', () => {
    const a = synth(bundledModel());
    const b = synth(bundledModel());
    try {
      for (const stack of a.stacks) expect(b.text.get(stack)).toBe(a.text.get(stack));
      expect(readFileSync(path.join(b.outdir, 'manifest.json'), 'utf8')).toBe(readFileSync(path.join(a.outdir, 'manifest.json'), 'utf8'));
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  test('leaves tokens created by the caller before it resolvable', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'caller');
    new TerraformOutput(stack, 'kept', { value: Lazy.stringValue({ produce: () => 'still here' }) });
    const out = synth(bundledModel());
    out.cleanup();
    expect(JSON.parse(Testing.synth(stack)).output.kept.value).toBe('still here');
  });

  test('regenerates the output whole: no stack of a removed unit lingers, local state stays', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-azure-out-')), 'nested', 'cdktf.out');
    try {
      mkdirSync(path.join(outdir, 'stacks', 'space-gone'), { recursive: true });
      mkdirSync(path.join(outdir, 'state'), { recursive: true });
      writeFileSync(path.join(outdir, 'state', 'space-we-shared-dev.tfstate'), '{}');
      const result = synthesizeAzure(bundledModel(), { outdir, backend: { kind: 'local' } });
      expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([...result.stacks].sort());
      expect(existsSync(path.join(outdir, 'state', 'space-we-shared-dev.tfstate'))).toBe(true);
    } finally {
      rmSync(path.dirname(path.dirname(outdir)), { recursive: true, force: true });
    }
  });

  test('writes nothing for a catalog without Azure', () => {
    const model = bundledModel();
    const { azure: _azure, ...awsOnly } = model.catalog.organization.spec;
    const organization = { ...model.catalog.organization, spec: awsOnly };
    const aws = { ...model, units: model.units.filter((u) => u.cloud === 'aws'), catalog: { ...model.catalog, organization } };
    expect(_azure).toBeDefined();
    expect(synthesizeAzure(aws, { outdir: '/nonexistent/never-written', backend: { kind: 'local' } })).toEqual({ outdir: '/nonexistent/never-written', stacks: [], stamped: 0 });
    expect(() => synthesizeAzure({ ...aws, units: model.units }, { outdir: '/nonexistent/never-written' })).toThrow(/no azure block/);
  });

  test('refuses Azure units without an active Azure Central unit to forward logs to', () => {
    const model = bundledModel();
    const units = model.units.filter((u) => u.name !== 'central-azure-prod');
    expect(() => synthesizeAzure({ ...model, units }, { outdir: '/nonexistent/never-written' })).toThrow(/active Azure Central unit/);
  });

  test('refuses a unit named like the tenant stack', () => {
    const model = bundledModel();
    const units = model.units.map((u) => (u.name === 'pop-we-dev' ? { ...u, name: TENANT_STACK } : u));
    expect(() => synth({ ...model, units })).toThrow(/no unit may be named vend-azure-tenant/);
  });
});
