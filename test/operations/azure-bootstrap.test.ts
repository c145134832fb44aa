/**
 * `vend bootstrap azure` against the local ARM server through the real Azure SDK clients: creates
 * the ControlPlane subscription and the state storage once, changes nothing when run again, picks
 * up after a failure, and — as a dry run or a refusal — reads only the catalog.
 */
jest.mock('@azure/identity', () => ({
  DefaultAzureCredential: jest.fn(() => {
    throw new Error('credential probed');
  }),
}));

import { Command } from 'commander';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TENANT_STACK } from '../../lib/azure';
import { registerBootstrapAzure } from '../../lib/cli/commands/bootstrap-azure';
import { loadModel } from '../../lib/model';
import { bootstrapAzure } from '../../lib/operations/azure/bootstrap';
import { azureBootstrapPlan, BootstrapRefusal } from '../../lib/operations/azure/bootstrap-plan';
import { synth } from '../azure/support/synth';
import { startArmServer, type ArmServer } from './support/arm-server';
import { localAzure, TENANT } from './support/azure';
import { CATALOG, demoModel } from './support/fixtures';

let arm: ArmServer;
beforeAll(async () => {
  arm = await startArmServer(TENANT);
});
afterAll(() => arm?.close());
beforeEach(() => arm.reset());

const plan = () => azureBootstrapPlan(demoModel());
const run = () => bootstrapAzure({ plan: plan(), azure: localAzure(arm), pollMs: 1 });
const mutations = () => [...arm.executed.values()].reduce((a, b) => a + b, 0);

describe('vend bootstrap azure (local ARM server, real SDK clients)', () => {
  test('creates the ControlPlane subscription, providers, and protected state storage', async () => {
    const report = await run();
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['subscription', 'created'],
      ['provider Microsoft.Storage', 'created'],
      ['provider Microsoft.Management', 'created'],
      ['provider Microsoft.PolicyInsights', 'created'],
      ['state resource group', 'created'],
      ['state storage account', 'created'],
      ['state versioning and soft delete', 'updated'],
      ['state container', 'created'],
    ]);
    const sub = arm.state.subscriptions.get(report.subscriptionId)!;
    expect(sub).toMatchObject({ alias: 'acme-control-plane-azure-prod', group: TENANT });
    const [stored] = [...arm.state.storageAccounts.values()];
    expect(stored.account).toMatchObject({
      name: plan().storageAccount,
      location: 'westeurope',
      kind: 'StorageV2',
      tags: expect.objectContaining({ 'vend:unit': 'control-plane-azure-prod' }),
      properties: expect.objectContaining({ supportsHttpsTrafficOnly: true, minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, allowSharedKeyAccess: false }),
    });
    expect(stored.blobService.properties).toMatchObject({ isVersioningEnabled: true, deleteRetentionPolicy: { enabled: true, days: 30 } });
    expect([...stored.containers.keys()]).toEqual(['tfstate']);
    expect(report.environment).toEqual({
      ARM_SUBSCRIPTION_ID: report.subscriptionId,
      VEND_AZURE_STATE_STORAGE_ACCOUNT: plan().storageAccount,
      VEND_AZURE_STATE_CONTAINER: 'tfstate',
      VEND_AZURE_STATE_RESOURCE_GROUP: 'rg-vend-state',
      VEND_AZURE_STATE_SUBSCRIPTION_ID: report.subscriptionId,
    });
  });

  test('a second run finds everything and changes nothing', async () => {
    const first = await run();
    const before = mutations();
    const second = await run();
    expect(mutations()).toBe(before);
    expect(second.subscriptionId).toBe(first.subscriptionId);
    expect(second.steps.every((s) => s.status === 'present')).toBe(true);
  });

  test('after a failure part-way, a rerun continues from where it stopped', async () => {
    // From the resource group on, writes are carried out but answered with a 500: the storage
    // account is created and bootstrap stops there, not knowing.
    arm.onExecuted = (op) => {
      if (op === 'ResourceGroups.createOrUpdate') arm.setFaults({ ambiguous: 1 });
    };
    await expect(run()).rejects.toThrow(/injected failure after acting/);
    arm.onExecuted = undefined;
    arm.setFaults({});
    const resumed = await run();
    expect(Object.fromEntries(resumed.steps.map((s) => [s.step, s.status]))).toMatchObject({
      subscription: 'present',
      'state resource group': 'present',
      'state storage account': 'present',
      'state container': 'created',
    });
    expect(arm.executed.get('Alias.create')).toBe(1);
    expect(arm.executed.get('StorageAccounts.create')).toBe(1);
  });

  test('the tenant stack imports the subscription bootstrap created, by the same alias', () => {
    const out = synth(demoModel());
    try {
      const imports = (out.json.get(TENANT_STACK) as { import?: Array<{ id: string }> }).import!;
      expect(imports.map((i) => i.id)).toEqual([`/providers/Microsoft.Subscription/aliases/${plan().alias}?api-version=2021-10-01`]);
    } finally {
      out.cleanup();
    }
  });
});

describe('vend bootstrap azure on the command line', () => {
  const cli = async (...args: string[]) => {
    const program = new Command('vend').exitOverride();
    registerBootstrapAzure(program.command('bootstrap').exitOverride());
    const out: string[] = [];
    const err: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    process.exitCode = undefined;
    try {
      await program.parseAsync(['bootstrap', 'azure', ...args], { from: 'user' });
      return { code: Number(process.exitCode ?? 0), out: out.join(''), err: err.join('') };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.exitCode = undefined;
    }
  };

  test('a dry run prints the plan and calls nothing, without looking for credentials', async () => {
    const r = await cli('--catalog', CATALOG, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('alias acme-control-plane-azure-prod');
    expect(r.out).toContain(`storage account   ${plan().storageAccount}`);
    expect(mutations()).toBe(0);
    expect(jest.requireMock('@azure/identity').DefaultAzureCredential).not.toHaveBeenCalled();
  });

  test('refuses a catalog without an Azure ControlPlane unit, before any credential', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-no-cp-'));
    try {
      cpSync(CATALOG, dir, { recursive: true });
      rmSync(path.join(dir, 'units', 'control-plane-azure-prod.yaml'));
      expect(() => azureBootstrapPlan(loadModel({ catalogDir: dir }))).toThrow(BootstrapRefusal);
      const r = await cli('--catalog', dir);
      expect(r.code).toBe(1);
      expect(r.err).toContain('no active Azure ControlPlane unit');
      expect(jest.requireMock('@azure/identity').DefaultAzureCredential).not.toHaveBeenCalled();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses a state account name Azure would reject', async () => {
    const r = await cli('--catalog', CATALOG, '--state-account', 'Not_Valid', '--dry-run');
    expect(r.code).toBe(1);
    expect(r.err).toContain("--state-account 'Not_Valid' is not a storage account name");
  });
});
