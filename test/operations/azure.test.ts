import { inventorySchema, TAG_UNIT } from '../../lib/model';
import { decommission } from '../../lib/operations/decommission/run';
import { computeDrift } from '../../lib/operations/drift';
import { readInventory } from '../../lib/operations/inventory';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fakeArmToken, startArmServer, TLS_CERT, type ArmServer } from './support/arm-server';
import { spawnDecommission } from './support/child';
import { localAzure, TENANT } from './support/azure';
import { catalogWithDecommissioned, decommissionedModel, demoModel, tempLedger } from './support/fixtures';
import { seedArm } from './support/seed-arm';

const UNIT = 'space-we-shared-dev';
let arm: ArmServer;
beforeAll(async () => {
  arm = await startArmServer(TENANT);
});
afterAll(() => arm?.close());
beforeEach(() => arm.reset());

describe('vend inventory (Azure, local ARM server through the real SDK clients)', () => {
  test('reads the management-group tree, subscriptions with group, state and tags, and policy assignments per group', async () => {
    const ids = seedArm(arm.state, demoModel());
    const azure = localAzure(arm);
    const inv = await readInventory({ clouds: ['azure'], azure });
    expect(inventorySchema.parse(inv)).toBeTruthy();
    const groups = new Map(inv.azure!.managementGroups.map((g) => [g.id, g]));
    expect(groups.get('acme')).toMatchObject({ parentId: TENANT });
    expect(groups.get('acme-prod-spaces')).toMatchObject({ parentId: 'acme-prod', policyAssignments: [expect.stringMatching(/^vend-space-network/)] });
    expect(groups.get('acme-decommissioned')!.policyAssignments).toEqual(['vend-deny-all']);
    const sub = inv.azure!.subscriptions.find((s) => s.tags[TAG_UNIT] === 'space-we-contoso-prod')!;
    expect(sub).toMatchObject({ id: ids.get('space-we-contoso-prod'), state: 'Enabled', managementGroupId: 'acme-prod-spaces', alias: 'acme-space-we-contoso-prod' });
    const stats = azure.gate.snapshot();
    expect(stats['arm:read:ManagementGroups.get'].requests).toBe(1);
  });

  test('reads the same snapshot through throttling and 5xx (failed pages resume from their continuation token)', async () => {
    seedArm(arm.state, demoModel(), { drift: true });
    const clean = await readInventory({ clouds: ['azure'], azure: localAzure(arm), now: new Date(0) });
    arm.setFaults({ throttle: 0.25, fail: 0.15, seed: 11 });
    const noisy = await readInventory({ clouds: ['azure'], azure: localAzure(arm), now: new Date(0) });
    expect(noisy).toEqual(clean);
    expect(arm.injected.throttle + arm.injected.fail).toBeGreaterThan(5);
  });

  test('a seeded tenant is in sync; demo drift is reported', async () => {
    seedArm(arm.state, demoModel());
    expect(computeDrift(demoModel(), await readInventory({ clouds: ['azure'], azure: localAzure(arm) }), ['azure']).findings).toEqual([]);
    arm.reset();
    seedArm(arm.state, demoModel(), { drift: true, skipUnits: ['pop-we-dev'] });
    const report = computeDrift(demoModel(), await readInventory({ clouds: ['azure'], azure: localAzure(arm) }), ['azure']);
    expect(report.findings.map((f) => f.kind).sort()).toEqual(['guardrail-detached', 'unit-missing', 'unmanaged']);
  });
});

describe('vend decommission (Azure)', () => {
  test('a dry run plans every step and changes nothing', async () => {
    seedArm(arm.state, demoModel());
    const model = decommissionedModel(demoModel(), UNIT);
    const ledger = tempLedger();
    const report = await decommission({ model, unit: UNIT, ledger, azure: localAzure(arm), pollMs: 1 });
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['revoke-access', 'pending'],
      ['revoke-eligibility', 'pending'],
      ['quarantine', 'pending'],
      ['remove-baseline', 'pending'],
      ['cancel', 'pending'],
    ]);
    expect(arm.executed.size).toBe(0);
    expect(ledger.entries()).toEqual([]);
  });

  test('--execute deletes subscription-scope access and eligibility, moves to Decommissioned and cancels', async () => {
    const ids = seedArm(arm.state, demoModel());
    const id = ids.get(UNIT)!;
    const model = decommissionedModel(demoModel(), UNIT);
    const ledger = tempLedger();
    const azure = localAzure(arm);
    const report = await decommission({ model, unit: UNIT, ledger, azure, execute: true, confirm: UNIT, pollMs: 1 });
    expect(report.error).toBeUndefined();
    expect(report.steps.map((s) => s.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    const scope = `/subscriptions/${id}`;
    expect(arm.state.roleAssignments.filter((a) => a.scope === scope)).toEqual([]);
    expect(arm.state.roleAssignments.filter((a) => a.scope.includes('managementGroups'))).toHaveLength(1); // inherited one untouched
    expect(arm.state.eligibilities.filter((a) => a.scope === scope)).toEqual([]);
    expect(arm.state.subscriptions.get(id)).toMatchObject({ group: 'acme-decommissioned', state: 'Disabled' });
    expect(Object.fromEntries(arm.executed)).toEqual({
      'RoleAssignments.delete': 1,
      'RoleEligibilityScheduleRequests.create': 1,
      'ManagementGroupSubscriptions.create': 1,
      'PolicyAssignments.delete': 1,
      'ResourceGroups.delete': 1,
      'Subscription.cancel': 1,
    });
    expect([...arm.state.resourceGroups.get(id)!]).toEqual(['rg-team-app']);
    const inv = await readInventory({ clouds: ['azure'], azure });
    expect(computeDrift(model, inv, ['azure']).findings).toEqual([]);
    expect(ledger.entries()[0]).toMatchObject({ actor: expect.stringContaining('azure:vend-pipeline@acme.example'), outcome: 'requested', target: id });
    expect(ledger.verify().ok).toBe(true);
    const again = await decommission({ model, unit: UNIT, ledger, azure, execute: true, confirm: UNIT, pollMs: 1 });
    expect(again.steps.every((s) => s.status === 'done')).toBe(true);
    expect([...arm.executed.values()].reduce((a, b) => a + b, 0)).toBe(6);
  });

  test('under throttling, 5xx and ambiguous failures it converges with every operation exactly once', async () => {
    seedArm(arm.state, demoModel());
    const model = decommissionedModel(demoModel(), UNIT);
    const ledger = tempLedger();
    arm.setFaults({ throttle: 0.2, fail: 0.1, ambiguous: 0.5, seed: 3 });
    const report = await decommission({ model, unit: UNIT, ledger, azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 });
    expect(report).toMatchObject({ complete: true, target: expect.any(String) });
    expect(report.error).toBeUndefined();
    expect([...arm.executed.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(arm.injected.throttle).toBeGreaterThan(0);
    expect(arm.injected.ambiguous).toBeGreaterThan(0);
    expect(ledger.verify().ok).toBe(true);
  });

  test('fails to quarantine into a Decommissioned group without its deny-all assignment', async () => {
    const ids = seedArm(arm.state, demoModel());
    const i = arm.state.policyAssignments.findIndex((p) => p.scope.endsWith('/acme-decommissioned') && p.name === 'vend-deny-all');
    arm.state.policyAssignments.splice(i, 1);
    const model = decommissionedModel(demoModel(), UNIT);
    const report = await decommission({ model, unit: UNIT, ledger: tempLedger(), azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 });
    expect(report.error).toMatch(/acme-decommissioned lacks vend-deny-all/);
    expect(arm.state.subscriptions.get(ids.get(UNIT)!)).toMatchObject({ group: 'acme-dev-spaces', state: 'Active' });
  });

  test('fails for a Central subscription', async () => {
    const model = decommissionedModel(demoModel(), 'central-azure-prod');
    await expect(decommission({ model, unit: 'central-azure-prod', ledger: tempLedger(), azure: localAzure(arm), execute: true, confirm: 'central-azure-prod' })).rejects.toThrow(/Central unit/);
  });
});

describe('vend decommission (Azure) killed mid-run', () => {
  test.each(['RoleAssignments.delete', 'RoleEligibilityScheduleRequests.create', 'ManagementGroupSubscriptions.create', 'PolicyAssignments.delete', 'ResourceGroups.delete', 'Subscription.cancel'])(
    'a run killed right after %s, rerun under faults, converges with every operation done exactly once',
    async (killAfter) => {
      seedArm(arm.state, demoModel());
      const catalog = catalogWithDecommissioned(UNIT);
      const ledger = tempLedger();
      const dir = mkdtempSync(path.join(tmpdir(), 'vend-ca-'));
      writeFileSync(path.join(dir, 'ca.pem'), TLS_CERT);
      const child = spawnDecommission(catalog, UNIT, ledger.file, { VEND_ARM_ENDPOINT: arm.url, VEND_ARM_CA: path.join(dir, 'ca.pem'), VEND_ARM_TOKEN: fakeArmToken(), VEND_API_UNLIMITED: '1' });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      let killed = false;
      arm.onExecuted = (op) => {
        if (op !== killAfter || killed) return;
        killed = true;
        child.kill('SIGKILL');
        return false;
      };
      const code = await exited;
      arm.onExecuted = undefined;
      expect({ killed, code, err: killed ? '' : err }).toEqual({ killed: true, code: null, err: '' });

      arm.setFaults({ throttle: 0.2, fail: 0.1, ambiguous: 0.4, seed: killAfter.length });
      const model = decommissionedModel(demoModel(), UNIT);
      const report = await decommission({ model, unit: UNIT, ledger, azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 });
      expect(report.error).toBeUndefined();
      expect(report.complete).toBe(true);
      arm.setFaults({});
      expect(Object.fromEntries(arm.executed)).toEqual({
        'RoleAssignments.delete': 1,
        'RoleEligibilityScheduleRequests.create': 1,
        'ManagementGroupSubscriptions.create': 1,
        'PolicyAssignments.delete': 1,
        'ResourceGroups.delete': 1,
        'Subscription.cancel': 1,
      });
      const sub = [...arm.state.subscriptions.values()].find((s) => s.tags[TAG_UNIT] === UNIT)!;
      expect(sub).toMatchObject({ group: 'acme-decommissioned', state: 'Disabled' });
      expect(ledger.verify().ok).toBe(true);
    },
  );
});
