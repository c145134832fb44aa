import { readAwsInventory } from '../../lib/operations/aws/inventory';
import { computeDrift, formatDrift } from '../../lib/operations/drift';
import { inventorySchema, TAG_UNIT } from '../../lib/model';
import { readInventory } from '../../lib/operations/inventory';
import { createAccount, seedAws } from '../../lib/operations/testing/seed-aws';
import { demoModel, localAws } from './support/fixtures';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

let moto: MotoServer;
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
});
afterAll(() => moto?.stop());
beforeEach(() => moto.reset());

describe('vend inventory against moto', () => {
  test('reads OUs, accounts with parent OU, status and tags, and SCPs per target', async () => {
    // Given a seeded organization
    const aws = localAws(moto.url);
    const model = demoModel();
    const seeded = await seedAws(aws, model);
    // When inventory reads it
    const inv = await readInventory({ clouds: ['aws'], aws });
    // Then it has the OU tree, every AWS unit in its OU, tagged, and the SCPs where the hierarchy puts them
    expect(inventorySchema.parse(inv)).toBeTruthy();
    const paths = inv.aws!.organizationalUnits.map((o) => o.path);
    expect(paths).toEqual(expect.arrayContaining(['acme', 'acme/prod/Spaces', 'acme/Quarantine']));
    const acme = inv.aws!.accounts.find((a) => a.tags[TAG_UNIT] === 'space-eu-acme-prod')!;
    expect(acme).toMatchObject({ id: seeded.accounts.get('space-eu-acme-prod'), status: 'ACTIVE', ouPath: 'acme/prod/Spaces', email: 'space-eu-acme-prod@aws.acme.example' });
    expect(inv.aws!.organizationalUnits.find((o) => o.path === 'acme/Quarantine')!.policies).toEqual(['vend-deny-all']);
    expect(inv.aws!.organizationalUnits.find((o) => o.path === 'acme/prod/Spaces')!.policies).toEqual(['vend-space-network-isolation']);
    expect(inv.aws!.managementAccountId).toBe(seeded.managementAccountId);
    expect(inv.aws!.stacks!.filter((s) => s.unit === 'space-eu-acme-prod').length).toBeGreaterThan(0);
  });

  test('reuses tags of unchanged accounts from the previous snapshot instead of reading them again', async () => {
    const aws = localAws(moto.url);
    await seedAws(aws, demoModel(), { access: false, roles: false, baseline: false });
    const first = localAws(moto.url);
    const cold = await readAwsInventory(first);
    const warm = localAws(moto.url);
    const again = await readAwsInventory(warm, { previous: { apiVersion: 'vend/v1', kind: 'Inventory', aws: cold } });
    expect(again.accounts).toEqual(cold.accounts);
    expect(first.gate.snapshot()['organizations:ListTagsForResource'].calls).toBe(cold.accounts.length);
    expect(warm.gate.snapshot()['organizations:ListTagsForResource']).toBeUndefined();
  });
});

describe('vend drift against moto', () => {
  test('a freshly seeded organization is in sync except for the pending decommission', async () => {
    const aws = localAws(moto.url);
    const model = demoModel();
    await seedAws(aws, model);
    const report = computeDrift(model, await readInventory({ clouds: ['aws'], aws }), ['aws']);
    expect(report.findings.map((f) => [f.kind, f.unit])).toEqual([
      ['wrong-placement', 'space-eu-legacy-dev'],
      ['lifecycle-mismatch', 'space-eu-legacy-dev'],
    ]);
  });

  test('reports every kind of drift the seeded demo introduces', async () => {
    const aws = localAws(moto.url);
    const model = demoModel();
    await seedAws(aws, model, { drift: true, skipUnits: ['pop-eu-dev'] });
    const report = computeDrift(model, await readInventory({ clouds: ['aws'], aws }), ['aws']);
    const kinds = new Set(report.findings.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['guardrail-detached', 'guardrail-extra', 'lifecycle-mismatch', 'unit-missing', 'unmanaged', 'wrong-placement']);
    expect(report.findings.find((f) => f.kind === 'unit-missing')!.unit).toBe('pop-eu-dev');
    expect(report.findings.find((f) => f.kind === 'unmanaged')!.message).toMatch(/no vend:unit tag/);
    expect(formatDrift(report, 'markdown')).toMatch(/### Guardrails detached \(1\)/);
  });

  test('reports a unit with two live accounts, a missing OU and an active unit whose account was closed', async () => {
    const { CloseAccountCommand, DeleteOrganizationalUnitCommand } = await import('@aws-sdk/client-organizations');
    const aws = localAws(moto.url);
    const model = demoModel();
    const seeded = await seedAws(aws, model, { access: false, roles: false, endpoints: false });
    await createAccount(aws, 'pop-eu-prod-copy', 'pop-eu-prod-copy@aws.acme.example', [{ Key: TAG_UNIT, Value: 'pop-eu-prod' }]);
    await aws.send('organizations', new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: seeded.ous.get('acme/dev/ControlPlane')! }));
    await aws.send('organizations', new CloseAccountCommand({ AccountId: seeded.accounts.get('space-eu-shared-prod')! }));
    const report = computeDrift(model, await readInventory({ clouds: ['aws'], aws }), ['aws']);
    const found = report.findings.map((f) => `${f.kind}:${f.unit ?? f.resource}`);
    expect(found).toEqual(
      expect.arrayContaining(['duplicate-unit:pop-eu-prod', 'node-missing:acme/dev/ControlPlane', 'lifecycle-mismatch:space-eu-shared-prod']),
    );
  });
});
