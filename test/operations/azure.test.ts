import { inventorySchema, TAG_UNIT } from '../../lib/model';
import { decommission } from '../../lib/operations/decommission/run';
import { computeDrift } from '../../lib/operations/drift';
import { readInventory } from '../../lib/operations/inventory';
import { startArmServer, type ArmServer } from './support/arm-server';
import { localAzure, TENANT } from './support/azure';
import { decommissionedModel, demoModel, tempAudit } from './support/fixtures';
import { deployDecommissionedArm, seedArm } from './support/seed-arm';
import { AzureClients } from '../../lib/operations/azure/clients';
import { DecommissionRefused } from '../../lib/operations/decommission/run';

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
  /** The tenant seeded, and the unit's subscription moved to Decommissioned by the tenant apply. */
  function deployed() {
    const ids = seedArm(arm.state, demoModel());
    const model = decommissionedModel(demoModel(), UNIT);
    deployDecommissionedArm(arm.state, model, ids, UNIT);
    return { ids, id: ids.get(UNIT)!, model };
  }

  test('before the tenant apply, a run waits for it and changes nothing', async () => {
    const ids = seedArm(arm.state, demoModel());
    const model = decommissionedModel(demoModel(), UNIT);
    const { ledger, locks } = tempAudit();
    const report = await decommission({ model, unit: UNIT, ledger, locks, azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 });
    expect(report).toMatchObject({ awaitingDeploy: true, complete: false });
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['quarantine', 'awaiting-deploy'],
      ['revoke-access', 'not-reached'],
      ['revoke-eligibility', 'not-reached'],
      ['remove-baseline', 'not-reached'],
      ['cancel', 'not-reached'],
    ]);
    expect(report.steps[0]).toMatchObject({ detail: 'the subscription is in acme-dev-spaces, not acme-decommissioned', deploy: expect.stringMatching(/tenant stack \(terraform apply\)/) });
    expect(arm.executed.size).toBe(0);
    expect(arm.state.subscriptions.get(ids.get(UNIT)!)).toMatchObject({ group: 'acme-dev-spaces', state: 'Active' });
  });

  test('a dry run plans every step, changes nothing and writes nothing', async () => {
    const { model } = deployed();
    const { ledger, locks } = tempAudit();
    const report = await decommission({ model, unit: UNIT, ledger, locks, azure: localAzure(arm), pollMs: 1 });
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['quarantine', 'done'],
      ['revoke-access', 'pending'],
      ['revoke-eligibility', 'pending'],
      ['remove-baseline', 'pending'],
      ['cancel', 'pending'],
    ]);
    expect(arm.executed.size).toBe(0);
    expect(ledger.entries()).toEqual([]);
  });

  test('--execute deletes role assignments at and below the subscription, eligibility and vend\'s baseline, then cancels', async () => {
    const { id, model } = deployed();
    const { ledger, locks } = tempAudit();
    const azure = localAzure(arm);
    const report = await decommission({ model, unit: UNIT, ledger, locks, azure, execute: true, confirm: UNIT, pollMs: 1 });
    expect(report.error).toBeUndefined();
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'applied', 'applied', 'applied', 'applied']);
    const scope = `/subscriptions/${id}`;
    expect(arm.state.roleAssignments.filter((a) => a.scope.startsWith(scope))).toEqual([]);
    expect(arm.state.roleAssignments.filter((a) => a.scope.includes('managementGroups'))).toHaveLength(1); // inherited one untouched
    expect(arm.state.eligibilities.filter((a) => a.scope === scope)).toEqual([]);
    expect(arm.state.subscriptions.get(id)).toMatchObject({ group: 'acme-decommissioned', state: 'Disabled' });
    expect(arm.state.policyAssignments.filter((p) => p.scope === scope).map((p) => p.name)).toEqual(['team-tagging']);
    expect(Object.fromEntries(arm.executed)).toEqual({
      'RoleAssignments.delete': 2,
      'RoleEligibilityScheduleRequests.create': 1,
      'PolicyAssignments.delete': 1,
      'ResourceGroups.delete': 1,
      'Subscription.cancel': 1,
    });
    expect([...arm.state.resourceGroups.get(id)!]).toEqual(['rg-team-app']);
    const inv = await readInventory({ clouds: ['azure'], azure });
    expect(computeDrift(model, inv, ['azure']).findings).toEqual([]);
    expect(ledger.entries()[0]).toMatchObject({ actor: expect.stringContaining('azure:vend-pipeline@acme.example'), outcome: 'requested', target: id });
    expect((await ledger.inspect()).condition).toBe('ok');
    const again = await decommission({ model, unit: UNIT, ledger, locks, azure, execute: true, confirm: UNIT, pollMs: 1 });
    expect(again.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['closed:done']);
    expect([...arm.executed.values()].reduce((a, b) => a + b, 0)).toBe(6);
  });

  test('under throttling, 5xx and ambiguous failures it converges with every operation exactly once', async () => {
    const { model } = deployed();
    const { ledger, locks } = tempAudit();
    arm.setFaults({ throttle: 0.2, fail: 0.1, ambiguous: 0.5, seed: 3 });
    const report = await decommission({ model, unit: UNIT, ledger, locks, azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 });
    expect(report).toMatchObject({ complete: true, target: expect.any(String) });
    expect(report.error).toBeUndefined();
    expect(Object.fromEntries(arm.executed)).toEqual({ 'RoleAssignments.delete': 2, 'RoleEligibilityScheduleRequests.create': 1, 'PolicyAssignments.delete': 1, 'ResourceGroups.delete': 1, 'Subscription.cancel': 1 });
    expect(arm.injected.throttle).toBeGreaterThan(0);
    expect(arm.injected.ambiguous).toBeGreaterThan(0);
    expect((await ledger.inspect()).condition).toBe('ok');
  });

  test('a Decommissioned group without its deny-all assignment: the run waits for the tenant apply', async () => {
    const { id, model } = deployed();
    const i = arm.state.policyAssignments.findIndex((p) => p.scope.endsWith('/acme-decommissioned') && p.name === 'vend-deny-all');
    arm.state.policyAssignments.splice(i, 1);
    const report = await decommission({ model, unit: UNIT, ...tempAudit(), azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 });
    expect(report.steps[0]).toMatchObject({ status: 'awaiting-deploy', detail: 'acme-decommissioned lacks vend-deny-all; the subscription is in acme-decommissioned' });
    expect(arm.executed.size).toBe(0);
    expect(arm.state.subscriptions.get(id)).toMatchObject({ state: 'Active' });
  });

  test('the cancel step refuses a subscription outside the Decommissioned group, even when asked directly', async () => {
    const ids = seedArm(arm.state, demoModel());
    const model = decommissionedModel(demoModel(), UNIT);
    const { azureDecommissionSteps } = await import('../../lib/operations/azure/decommission');
    const steps = azureDecommissionSteps({ azure: localAzure(arm), model, unit: model.unit(UNIT)!, subscription: { id: ids.get(UNIT)!, displayName: UNIT }, pollMs: 1 });
    const cancel = steps.find((s) => s.spec.id === 'cancel')!;
    await expect(cancel.apply!(await cancel.inspect())).rejects.toThrow(`subscription ${ids.get(UNIT)} is in acme-dev-spaces, not acme-decommissioned; refusing to cancel it`);
    expect(arm.executed.size).toBe(0);
  });

  test('a subscription whose tag names another unit is refused, naming it', async () => {
    const { id, model } = deployed();
    arm.state.subscriptions.get(id)!.tags['vend:unit'] = 'someone-else';
    await expect(decommission({ model, unit: UNIT, ...tempAudit(), azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 })).rejects.toThrow(
      new RegExp(`${id} has the identity acme-${UNIT} but its vend:unit tag is 'someone-else'`),
    );
    expect(arm.executed.size).toBe(0);
  });

  test('fails for a Central subscription, before any credential is asked for', async () => {
    const model = decommissionedModel(demoModel(), 'central-azure-prod');
    let asked = 0;
    const azure = new AzureClients({ endpoint: arm.url, tenantId: TENANT, credential: { getToken: async () => (asked++, null) } });
    await expect(decommission({ model, unit: 'central-azure-prod', ...tempAudit(), azure, execute: true, confirm: 'central-azure-prod' })).rejects.toThrow(DecommissionRefused);
    expect(asked).toBe(0);
  });

  test('the default credential is built only when a token is first needed', async () => {
    const { lazyCredential } = await import('../../lib/operations/azure/clients');
    let built = 0;
    const credential = lazyCredential(() => (built++, { getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) }));
    expect(built).toBe(0);
    await credential.getToken('x');
    await credential.getToken('y');
    expect(built).toBe(1);
  });
});

