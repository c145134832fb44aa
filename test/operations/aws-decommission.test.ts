import { DescribeVpcEndpointServicePermissionsCommand } from '@aws-sdk/client-ec2';
import { ListAccountAssignmentsCommand } from '@aws-sdk/client-sso-admin';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { buildModel, type VendModel } from '../../lib/model';
import { decommission, DecommissionRefused } from '../../lib/operations/decommission/run';
import { computeDrift } from '../../lib/operations/drift';
import { readInventory } from '../../lib/operations/inventory';
import { DEMO_ROLE, seedAws } from '../../lib/operations/testing/seed-aws';
import { demoModel, localAws, tempLedger } from './support/fixtures';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

let moto: MotoServer;
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
});
afterAll(() => moto?.stop());
beforeEach(() => moto.reset());

const UNIT = 'space-eu-legacy-dev';

describe('vend decommission (AWS, moto)', () => {
  test('a dry run plans every step and changes nothing', async () => {
    const aws = localAws(moto.url);
    const model = demoModel();
    const seeded = await seedAws(aws, model);
    const ledger = tempLedger();
    const report = await decommission({ model, unit: UNIT, ledger, aws, pollMs: 1 });
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['revoke-access', 'done'], // the legacy unit has no access entries
      ['revoke-role-trust', 'pending'],
      ['quarantine', 'pending'],
      ['remove-endpoint-access', 'pending'],
      ['remove-baseline', 'pending'],
      ['close', 'pending'],
    ]);
    expect(ledger.entries()).toEqual([]);
    const inv = await readInventory({ clouds: ['aws'], aws });
    expect(inv.aws!.accounts.find((a) => a.id === seeded.accounts.get(UNIT))).toMatchObject({ status: 'ACTIVE', ouPath: 'acme/dev/Spaces' });
  });

  test('--execute revokes access, quarantines, removes the baseline and closes; a rerun changes nothing', async () => {
    // Given a decommissioned unit that still has Identity Center access (its old access entries)
    const aws = localAws(moto.url);
    const base = demoModel();
    const withAccess = withUnitAccess(base, UNIT);
    const seeded = await seedAws(aws, withAccess);
    const id = seeded.accounts.get(UNIT)!;
    const ledger = tempLedger();
    expect(await assignmentsOf(aws, seeded.instanceArn!, id, [...seeded.permissionSets.values()])).toHaveLength(2);

    // When it is decommissioned
    const report = await decommission({ model: base, unit: UNIT, ledger, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 'test' });

    // Then every step applied and the account is suspended in Quarantine with no access left
    expect(report.error).toBeUndefined();
    expect(report.complete).toBe(true);
    expect(report.steps.map((s) => s.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    expect(await assignmentsOf(aws, seeded.instanceArn!, id, [...seeded.permissionSets.values()])).toEqual([]);
    const inv = await readInventory({ clouds: ['aws'], aws });
    expect(inv.aws!.accounts.find((a) => a.id === id)).toMatchObject({ status: 'SUSPENDED', ouPath: 'acme/Quarantine' });
    expect((inv.aws!.stacks ?? []).filter((s) => s.account === id)).toEqual([]);
    const trust = decodeURIComponent((await memberRole(aws, id, DEMO_ROLE)).Role!.AssumeRolePolicyDocument!);
    expect(JSON.parse(trust).Statement[0].Effect).toBe('Deny');
    expect(await endpointPrincipals(aws, seeded.accounts.get('pop-eu-dev')!, seeded.endpointServices.get('pop-eu-dev')!)).toEqual([
      `arn:aws:iam::${seeded.accounts.get('space-eu-shared-dev')}:root`,
    ]);
    expect(computeDrift(base, inv, ['aws']).findings).toEqual([]);
    expect(ledger.verify().ok).toBe(true);

    // And a rerun finds everything done and acts on nothing
    const again = await decommission({ model: base, unit: UNIT, ledger, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 'test' });
    expect(again.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    const done = ledger.entries().filter((e) => e.outcome === 'done');
    expect(done.map((e) => e.action)).toEqual([
      'decommission.revoke-access',
      'decommission.revoke-role-trust',
      'decommission.quarantine',
      'decommission.remove-endpoint-access',
      'decommission.remove-baseline',
      'decommission.close',
    ]);
  });

  test('over the closure quota the account stays quarantined and the plan says when it can close', async () => {
    const aws = localAws(moto.url);
    const model = demoModel();
    await seedAws(aws, model);
    const ledger = tempLedger();
    const now = new Date('2026-11-24T08:00:00Z');
    // 250 closures already recorded in the last 30 days (the minimum quota)
    const first = new Date('2026-11-01T00:00:00Z');
    const closures = Array.from({ length: 250 }, (_, i) => new Date(first.getTime() + i * 60_000));
    for (const t of closures) {
      Object.assign(ledger, { now: () => t });
      ledger.append({ actor: 'earlier', action: 'decommission.close', outcome: 'done', target: 'x' });
    }
    const report = await decommission({ model, unit: UNIT, ledger, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 'test', now: () => now });
    expect(report.queued).toBe(true);
    const close = report.steps.find((s) => s.step === 'close')!;
    expect(close.status).toBe('queued');
    expect(close.queuedUntil).toBe('2026-12-01T00:00:00.000Z');
    const inv = await readInventory({ clouds: ['aws'], aws });
    expect(inv.aws!.accounts.find((a) => a.tags['vend:unit'] === UNIT)).toMatchObject({ status: 'ACTIVE', ouPath: 'acme/Quarantine' });
  });

  test.each([
    ['an active unit', 'space-eu-acme-prod', false, /is active in the catalog/],
    ['a Central unit', 'central-aws-prod', true, /Central unit/],
    ['a ControlPlane unit', 'control-plane-aws-prod', true, /ControlPlane unit/],
    ['an unknown unit', 'no-such-unit', false, /not in the catalog/],
  ])('fails for %s', async (_what, unit, markDecommissioned, message) => {
    const aws = localAws(moto.url);
    const model = markDecommissioned ? decommissionedModel(demoModel(), unit) : demoModel();
    await expect(decommission({ model, unit, ledger: tempLedger(), aws, execute: true, confirm: unit, actor: 'test' })).rejects.toThrow(message);
  });

  test('fails for a protected unit unless the organization allows it', async () => {
    const model = decommissionedModel(demoModel(), 'pop-eu-dev', { protected: true });
    await expect(decommission({ model, unit: 'pop-eu-dev', ledger: tempLedger(), aws: localAws(moto.url), actor: 't' })).rejects.toThrow(/is protected/);
  });

  test('fails to execute without --confirm naming the unit', async () => {
    const ledger = tempLedger();
    await expect(decommission({ model: demoModel(), unit: UNIT, ledger, aws: localAws(moto.url), execute: true, confirm: 'other', actor: 't' })).rejects.toThrow(
      DecommissionRefused,
    );
  });
});

async function assignmentsOf(aws: ReturnType<typeof localAws>, instance: string, account: string, sets: string[]) {
  const out = [];
  for (const ps of sets) {
    const r = await aws.send('sso-admin', new ListAccountAssignmentsCommand({ InstanceArn: instance, AccountId: account, PermissionSetArn: ps }));
    out.push(...(r.AccountAssignments ?? []));
  }
  return out;
}

async function endpointPrincipals(aws: ReturnType<typeof localAws>, popAccount: string, serviceId: string) {
  const ec2 = await aws.assume(popAccount, 'OrganizationAccountAccessRole', 't', 'eu-west-1');
  const out = await ec2.send('ec2', new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: serviceId }));
  return (out.AllowedPrincipals ?? []).map((p) => p.Principal).sort();
}

async function memberRole(aws: ReturnType<typeof localAws>, account: string, role: string) {
  const c = (await aws.send('sts', new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, RoleSessionName: 't' }))).Credentials!;
  const member = aws.withCredentials({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken });
  return member.send('iam', new GetRoleCommand({ RoleName: role }));
}

/** The demo model with `unit` given access entries (as it had while active). */
function withUnitAccess(model: VendModel, unit: string): VendModel {
  const units = model.catalog.units.map((u) =>
    u.spec.name === unit ? { ...u, spec: { ...u.spec, access: [{ group: 'legacy-operators', role: 'contributor' as const }, { group: 'legacy-readers', role: 'viewer' as const }] } } : u,
  );
  return buildModel({ ...model.catalog, units });
}

function decommissionedModel(model: VendModel, unit: string, extra: { protected?: boolean } = {}): VendModel {
  const units = model.catalog.units.map((u) => (u.spec.name === unit ? { ...u, spec: { ...u.spec, lifecycle: 'decommissioned' as const, ...extra } } : u));
  return buildModel({ ...model.catalog, units });
}

describe('vend decommission refuses to quarantine into an OU without its guardrail', () => {
  test('fails when the Quarantine OU lacks vend-deny-all', async () => {
    const { DetachPolicyCommand, ListPoliciesCommand } = await import('@aws-sdk/client-organizations');
    const aws = localAws(moto.url);
    const seeded = await seedAws(aws, demoModel());
    const policies = await aws.send('organizations', new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    const denyAll = policies.Policies!.find((p) => p.Name === 'vend-deny-all')!;
    await aws.send('organizations', new DetachPolicyCommand({ PolicyId: denyAll.Id!, TargetId: seeded.ous.get('acme/Quarantine')! }));
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger: tempLedger(), aws, execute: true, confirm: UNIT, pollMs: 1, actor: 't' });
    expect(report.error).toMatch(/acme\/Quarantine lacks vend-deny-all/);
    expect(report.steps.find((s) => s.step === 'close')!.status).toBe('not-reached');
    const inv = await readInventory({ clouds: ['aws'], aws });
    expect(inv.aws!.accounts.find((a) => a.id === seeded.accounts.get(UNIT))).toMatchObject({ status: 'ACTIVE', ouPath: 'acme/dev/Spaces' });
  });
});
