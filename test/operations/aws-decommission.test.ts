import { ListAccountAssignmentsCommand } from '@aws-sdk/client-sso-admin';
import { buildModel, type VendModel } from '../../lib/model';
import { awsDecommissionSteps, AWS_STEP_IMPLEMENTATIONS } from '../../lib/operations/aws/decommission';
import { decommission, DecommissionRefused } from '../../lib/operations/decommission/run';
import { createAccount, DEMO_ROLE, seedAws, type SeedResult } from '../../lib/operations/testing/seed-aws';
import { deployDecommissioned } from '../../lib/operations/testing/deploy-decommissioned';
import { AWS_DECOMMISSION, TAG_UNIT } from '../../lib/model';
import { accountState, createRole, lockBucket, moveTo, tag, trustOf, untag, withQuota, writesOf } from './support/aws-decommission';
import { decommissionedModel, demoModel, localAws, tempAudit, withUnitAccess } from './support/fixtures';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

let moto: MotoServer;
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
});
afterAll(() => moto?.stop());
beforeEach(() => moto.reset());

const UNIT = 'space-eu-legacy-dev';
const EMAIL = 'space-eu-legacy-dev@aws.acme.example';

/** The demo organization, with the legacy unit's decommission already deployed (IaC steps done). */
async function deployed(model: VendModel = demoModel()): Promise<{ aws: ReturnType<typeof localAws>; client: ReturnType<typeof localAws>; seeded: SeedResult; id: string }> {
  const aws = localAws(moto.url);
  const seeded = await seedAws(aws, model);
  await deployDecommissioned(aws, model, UNIT);
  // The run gets its own client, so its writes can be counted apart from the seeding's.
  return { aws, client: localAws(moto.url), seeded, id: seeded.accounts.get(UNIT)! };
}

describe('vend decommission (AWS, moto): the deploy acts first, the CLI checks it', () => {
  test('every step of the model has an implementation, and a Space that reaches an AWS PoP gets all of them', () => {
    expect([...AWS_STEP_IMPLEMENTATIONS].sort()).toEqual(AWS_DECOMMISSION.map((s) => s.id).sort());
    const unit = demoModel().unit(UNIT)!;
    const steps = awsDecommissionSteps({ aws: localAws(moto.url), model: demoModel(), unit, account: { id: '1', name: UNIT, email: EMAIL }, ...tempAudit() });
    expect(steps.map((s) => s.spec.id)).toEqual(AWS_DECOMMISSION.map((s) => s.id));
  });

  test('before the deploy, a run waits for it (pending), says what to deploy, and changes nothing', async () => {
    const aws = localAws(moto.url);
    const client = localAws(moto.url);
    const seeded = await seedAws(aws, withUnitAccess(demoModel(), UNIT));
    const { ledger, locks } = tempAudit();
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 });
    expect(report).toMatchObject({ awaitingDeploy: true, complete: false, queued: false });
    expect(report.error).toBeUndefined();
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['quarantine', 'awaiting-deploy'],
      ['drop-access', 'awaiting-deploy'],
      ['drop-pop-principal', 'awaiting-deploy'],
      ['remove-baseline', 'awaiting-deploy'],
      ['revoke-trust', 'not-reached'],
      ['close', 'not-reached'],
    ]);
    expect(report.steps[0]).toMatchObject({ detail: 'the account is in acme/dev/Spaces, not acme/Quarantine', deploy: expect.stringMatching(/cdk deploy/) });
    expect(report.steps[1].detail).toBe('2 account assignment(s) remain');
    expect(writesOf(client)).toEqual({});
    expect(await accountState(aws, seeded.accounts.get(UNIT)!)).toEqual({ status: 'ACTIVE', ouPath: 'acme/dev/Spaces' });
    expect(ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual([
      'decommission requested',
      'decommission.quarantine pending',
      'decommission.drop-access pending',
      'decommission.drop-pop-principal pending',
      'decommission.remove-baseline pending',
    ]);
  });

  test('after the deploy, --execute revokes the trust the IaC does not own and closes; a rerun acts on nothing', async () => {
    // Given the deploy has quarantined the account, and tenant roles trust outside it
    const { aws, client, seeded, id } = await deployed();
    await createRole(aws, id, 'GithubDeploy', { Principal: { Federated: `arn:aws:iam::${id}:oidc-provider/token.actions.githubusercontent.com` }, Action: 'sts:AssumeRoleWithWebIdentity' });
    await createRole(aws, id, 'SamlAdmins', { Principal: { Federated: `arn:aws:iam::${id}:saml-provider/CorpIdP` }, Action: 'sts:AssumeRoleWithSAML' });
    await createRole(aws, id, 'PartnerViaNotPrincipal', { NotPrincipal: { AWS: 'arn:aws:iam::771195129780:root' } });
    await createRole(aws, id, 'Ec2Service', { Principal: { Service: 'ec2.amazonaws.com' } });
    await createRole(aws, id, 'SameAccount', { Principal: { AWS: `arn:aws:iam::${id}:root` } });
    // Named like the service-managed StackSets execution role, which vend (self-managed StackSets) never uses: a tenant's.
    await createRole(aws, id, 'stacksets-exec-0123456789abcdef', { Principal: { AWS: `arn:aws:iam::${seeded.managementAccountId}:root` } });
    const { ledger, locks } = tempAudit();

    // When the decommission runs
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 });

    // Then the IaC steps are found done, the CLI steps applied, the account closed in Quarantine
    expect(report.error).toBeUndefined();
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['quarantine:done', 'drop-access:done', 'drop-pop-principal:done', 'remove-baseline:done', 'revoke-trust:applied', 'close:applied']);
    expect(report.complete).toBe(true);
    expect(await accountState(aws, id)).toEqual({ status: 'SUSPENDED', ouPath: 'acme/Quarantine' });
    expect(writesOf(client)).toEqual({ 'iam:UpdateAssumeRolePolicy': 5, 'organizations:CloseAccount': 1 });
    // moto has no CloudTrail: found unreadable once, not asked again when the quota is counted afresh under the lock
    expect(client.gate.snapshot()['cloudtrail:LookupEvents'].calls).toBe(1);
    for (const role of [DEMO_ROLE, 'GithubDeploy', 'SamlAdmins', 'PartnerViaNotPrincipal', 'stacksets-exec-0123456789abcdef']) expect([role, (await trustOf(aws, id, role)).Statement[0].Effect]).toEqual([role, 'Deny']);
    for (const role of ['Ec2Service', 'SameAccount', 'OrganizationAccountAccessRole']) expect([role, (await trustOf(aws, id, role)).Statement[0].Effect]).toEqual([role, 'Allow']);
    expect((await ledger.inspect()).condition).toBe('ok');

    // And a rerun finds it closed in the ledger and acts on nothing
    const before = writesOf(client);
    const again = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 });
    expect(again).toMatchObject({ complete: true, steps: [{ step: 'closed', status: 'done', detail: expect.stringMatching(new RegExp(`closed per the audit ledger: ${id}`)) }] });
    expect(writesOf(client)).toEqual(before);
  });

  test('a rerun after completion does nothing even when another account now carries the unit tag', async () => {
    const { aws, client, id } = await deployed();
    const { ledger, locks } = tempAudit();
    await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 });
    const replacement = await createAccount(aws, UNIT, 'legacy-replacement@aws.acme.example', [{ Key: TAG_UNIT, Value: UNIT }]);
    await moveTo(aws, replacement, 'acme/Quarantine');
    const writes = writesOf(client);
    const rerun = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 });
    expect(rerun.steps).toEqual([expect.objectContaining({ step: 'closed', status: 'done' })]);
    expect(writesOf(client)).toEqual(writes);
    expect(await accountState(aws, replacement)).toEqual({ status: 'ACTIVE', ouPath: 'acme/Quarantine' });
    expect(await accountState(aws, id)).toMatchObject({ status: 'SUSPENDED' });
  });
});

describe('vend decommission (AWS, moto) acts on exactly the unit\'s one account', () => {
  async function refusedWith(client: ReturnType<typeof localAws>, model: VendModel = demoModel()): Promise<{ message: string; ledger: ReturnType<typeof tempAudit>['ledger'] }> {
    const { ledger, locks } = tempAudit();
    const run = decommission({ model, unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 });
    await expect(run).rejects.toThrow(DecommissionRefused);
    return { message: ((await run.catch((e) => e)) as Error).message, ledger };
  }

  test('two accounts claiming the unit: refused, every candidate named, nothing closed', async () => {
    const { aws, client, id } = await deployed();
    const impostor = await createAccount(aws, UNIT, 'legacy-replacement@aws.acme.example', [{ Key: TAG_UNIT, Value: UNIT }]);
    await moveTo(aws, impostor, 'acme/dev/Spaces');
    const { message, ledger } = await refusedWith(client);
    expect(message).toMatch(new RegExp(`refusing to decommission ${UNIT}: 2 accounts claim vend:unit=${UNIT} \\(${id}, ${impostor}\\); nothing was changed`));
    expect(message).toContain(`  - ${UNIT} <${EMAIL}> ${id} ACTIVE in acme/Quarantine (vend:unit=${UNIT})`);
    expect(message).toContain(`  - ${UNIT} <legacy-replacement@aws.acme.example> ${impostor} ACTIVE in acme/dev/Spaces (vend:unit=${UNIT})`);
    expect(writesOf(client)).toEqual({});
    expect(await accountState(aws, id)).toMatchObject({ status: 'ACTIVE' });
    expect(await accountState(aws, impostor)).toEqual({ status: 'ACTIVE', ouPath: 'acme/dev/Spaces' });
    expect(ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual(['decommission refused']);
  });

  test('the real account moved away and an impostor in its place: refused, nothing closed', async () => {
    const { aws, client, id } = await deployed();
    await moveTo(aws, id, 'acme/prod/Spaces');
    const impostor = await createAccount(aws, UNIT, 'legacy-replacement@aws.acme.example', [{ Key: TAG_UNIT, Value: UNIT }]);
    await moveTo(aws, impostor, 'acme/Quarantine');
    const { message } = await refusedWith(client);
    expect(message).toMatch(/2 accounts claim vend:unit=space-eu-legacy-dev/);
    expect(message).toContain(`${id} ACTIVE in acme/prod/Spaces`);
    expect(writesOf(client)).toEqual({});
  });

  test('the tag missing from the account with the unit\'s e-mail: refused (never "complete")', async () => {
    const { aws, client, id } = await deployed();
    await untag(aws, id, TAG_UNIT);
    const { message, ledger } = await refusedWith(client);
    expect(message).toMatch(new RegExp(`${id} has the identity ${EMAIL} but its vend:unit tag is missing`));
    expect(ledger.entries()[0]).toMatchObject({ outcome: 'refused', detail: { candidates: [expect.objectContaining({ id, identity: EMAIL })] } });
  });

  test('the account in an OU the unit never was: refused', async () => {
    const { aws, client, id } = await deployed();
    await moveTo(aws, id, 'acme/prod/Central');
    const { message } = await refusedWith(client);
    expect(message).toMatch(new RegExp(`${id} sits in acme/prod/Central, where ${UNIT} never was \\(its home is acme/dev/Spaces, else acme/Quarantine\\)`));
  });

  test('an inventory that recorded another account for the unit: refused', async () => {
    const { client, id } = await deployed();
    const { ledger, locks } = tempAudit();
    const inventory = { apiVersion: 'vend/v1' as const, kind: 'Inventory' as const, aws: { organizationalUnits: [], accounts: [{ id: '999999999999', name: UNIT, email: 'old@aws.acme.example', status: 'ACTIVE' as const, ouPath: 'acme/dev/Spaces', tags: { [TAG_UNIT]: UNIT } }] } };
    await expect(decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, inventory, execute: true, confirm: UNIT, actor: 't' })).rejects.toThrow(
      new RegExp(`${id} has the identity, but the inventory records 999999999999 for this unit`),
    );
  });

  test('the unambiguous case closes exactly the real account, not a same-named untagged one', async () => {
    const { aws, client, id } = await deployed();
    const decoy = await createAccount(aws, UNIT, 'someone-else@aws.acme.example', []);
    await moveTo(aws, decoy, 'acme/Quarantine');
    const { ledger, locks } = tempAudit();
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 });
    expect(report).toMatchObject({ complete: true, target: id });
    expect(await accountState(aws, id)).toMatchObject({ status: 'SUSPENDED' });
    expect(await accountState(aws, decoy)).toEqual({ status: 'ACTIVE', ouPath: 'acme/Quarantine' });
  });

  test('no account with the unit\'s identity and no claimant: nothing to do, and the ledger says so', async () => {
    const aws = localAws(moto.url);
    await seedAws(aws, demoModel(), { skipUnits: [UNIT] });
    const { ledger, locks } = tempAudit();
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws, execute: true, confirm: UNIT, actor: 'test' });
    expect(report).toMatchObject({ complete: true, steps: [{ step: 'identify', detail: `no account or subscription has the identity ${EMAIL} (never created, or closed and gone)` }] });
    expect(ledger.entries().map((e) => `${e.action} ${e.outcome}`)).toEqual(['decommission skipped']);
  });
});

describe('vend decommission (AWS, moto) keeps the closure quota', () => {
  const TWO = ['space-eu-legacy-dev', 'space-eu-shared-dev'];

  async function twoDeployed(model: VendModel) {
    const aws = localAws(moto.url);
    const seeded = await seedAws(aws, model);
    for (const u of TWO) await deployDecommissioned(aws, model, u);
    return { aws, seeded };
  }

  test('two concurrent runs with one closure left close one account; the other stays quarantined, queued', async () => {
    const model = withQuota(demoModel(), 1, TWO);
    const { aws, seeded } = await twoDeployed(model);
    const locks = await lockBucket(aws, 'acme-vend-locks');
    const { ledger } = tempAudit();
    const reports = await Promise.all(TWO.map((unit) => decommission({ model, unit, ledger, locks, aws: localAws(moto.url), execute: true, confirm: unit, actor: 'test', pollMs: 1 })));
    const states = await Promise.all(TWO.map((u) => accountState(aws, seeded.accounts.get(u)!)));
    expect(states.filter((s) => s.status === 'SUSPENDED')).toHaveLength(1);
    expect(states.every((s) => s.ouPath === 'acme/Quarantine')).toBe(true);
    expect(reports.map((r) => r.complete).sort()).toEqual([false, true]);
    const queued = reports.find((r) => !r.complete)!;
    expect(queued).toMatchObject({ queued: true });
    expect(queued.steps.find((s) => s.step === 'close')).toMatchObject({ status: 'queued', detail: expect.stringMatching(/closure quota used: 1\/1 closures in 30 days/) });
  });

  test('two concurrent runs with separate ledgers still close only one: the closed account counts from its status', async () => {
    const model = withQuota(demoModel(), 1, TWO);
    const { aws, seeded } = await twoDeployed(model);
    const locks = await lockBucket(aws, 'acme-vend-locks-2');
    await Promise.all(TWO.map((unit) => decommission({ model, unit, ledger: tempAudit().ledger, locks, aws: localAws(moto.url), execute: true, confirm: unit, actor: 'test', pollMs: 1 })));
    const states = await Promise.all(TWO.map((u) => accountState(aws, seeded.accounts.get(u)!)));
    expect(states.filter((s) => s.status === 'SUSPENDED')).toHaveLength(1);
  });

  test('over the quota the plan says when the oldest closure leaves the window; moto has no CloudTrail, so closed accounts are the floor', async () => {
    const model = withQuota(demoModel(), 1, [UNIT]);
    const aws = localAws(moto.url);
    const seeded = await seedAws(aws, model);
    await deployDecommissioned(aws, model, UNIT);
    const { ledger, locks } = tempAudit();
    const earlier = await createAccount(aws, 'closed-earlier', 'closed-earlier@aws.acme.example', []);
    const { CloseAccountCommand } = await import('@aws-sdk/client-organizations');
    await aws.send('organizations', new CloseAccountCommand({ AccountId: earlier }));
    const now = new Date('2026-11-24T08:00:00Z');
    const report = await decommission({ model, unit: UNIT, ledger, locks, aws, execute: true, confirm: UNIT, actor: 'test', pollMs: 1, now: () => now });
    expect(report).toMatchObject({ queued: true, complete: false });
    const close = report.steps.find((s) => s.step === 'close')!;
    expect(close).toMatchObject({ status: 'queued', queuedUntil: '2026-12-24T08:00:00.000Z' });
    expect(close.detail).toMatch(/1\/1 closures in 30 days \(CloudTrail unreadable \(.*\), ledger 0, closed accounts 1\)/);
    expect(await accountState(aws, seeded.accounts.get(UNIT)!)).toEqual({ status: 'ACTIVE', ouPath: 'acme/Quarantine' });
  });

  test('the same unit twice at once: one run acts; the other meets the unit lock or finds it closed', async () => {
    const { aws, client, id } = await deployed();
    const locks = await lockBucket(aws, 'acme-vend-locks-3');
    const { ledger } = tempAudit();
    const runs = await Promise.allSettled([0, 1].map(() => decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 'test', pollMs: 1 })));
    // Which run wins depends on timing; the other either meets the lock or, if the first has already
    // finished, finds the unit closed in the ledger. Either way only one acts.
    const outcomes = runs.map((r) =>
      r.status === 'rejected' ? `refused: ${/is locked by .* \(decommission space-eu-legacy-dev\)/.test((r.reason as Error).message)}` : r.value.steps[0].step === 'closed' ? 'found closed' : 'acted',
    );
    expect(outcomes.filter((o) => o === 'acted')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'acted')).toEqual([expect.stringMatching(/^(refused: true|found closed)$/)]);
    expect(writesOf(client)).toEqual({ 'iam:UpdateAssumeRolePolicy': 1, 'organizations:CloseAccount': 1 });
    expect(ledger.entries().filter((e) => e.outcome === 'requested')).toHaveLength(1);
    expect(await accountState(aws, id)).toMatchObject({ status: 'SUSPENDED' });
  });
});

describe('vend decommission (AWS) refuses before touching anything', () => {
  test.each([
    ['an active unit', 'space-eu-acme-prod', false, /is active in the catalog/],
    ['a Central unit', 'central-aws-prod', true, /Central unit; organization.yaml decommission.allowProtectedKinds must list Central/],
    ['a ControlPlane unit', 'control-plane-aws-prod', true, /ControlPlane unit/],
    ['an unknown unit', 'no-such-unit', false, /not in the catalog/],
  ])('fails for %s', async (_what, unit, markDecommissioned, message) => {
    const model = markDecommissioned ? decommissionedModel(demoModel(), unit) : demoModel();
    const { ledger, locks } = tempAudit();
    await expect(decommission({ model, unit, ledger, locks, aws: localAws(moto.url), execute: true, confirm: unit, actor: 'test' })).rejects.toThrow(message);
    expect(ledger.entries()).toEqual([expect.objectContaining({ action: 'decommission', outcome: 'refused', unit })]);
  });

  test('a protected unit is refused unless organization.yaml allows it, and a Central unit unless its kind is allowed', async () => {
    const aws = localAws(moto.url);
    await seedAws(aws, demoModel());
    const allow = (model: VendModel, decommission: Record<string, unknown>) =>
      buildModel({ ...model.catalog, organization: { ...model.catalog.organization, spec: { ...model.catalog.organization.spec, decommission } } });
    const protectedPop = decommissionedModel(demoModel(), 'pop-eu-dev', { protected: true });
    const central = decommissionedModel(demoModel(), 'central-aws-prod');
    const run = (model: VendModel, unit: string) => decommission({ model, unit, ...tempAudit(), aws, actor: 't', pollMs: 1 });
    await expect(run(protectedPop, 'pop-eu-dev')).rejects.toThrow(/is protected; organization.yaml decommission.allowProtectedUnits must be true/);
    await expect(run(allow(protectedPop, { allowProtectedUnits: false }), 'pop-eu-dev')).rejects.toThrow(/is protected/);
    expect((await run(allow(protectedPop, { allowProtectedUnits: true }), 'pop-eu-dev')).steps[0]).toMatchObject({ step: 'quarantine', status: 'awaiting-deploy' });
    await expect(run(allow(central, { allowProtectedKinds: ['ControlPlane'], allowProtectedUnits: true }), 'central-aws-prod')).rejects.toThrow(/Central unit/);
    expect((await run(allow(central, { allowProtectedKinds: ['Central'], allowProtectedUnits: true }), 'central-aws-prod')).steps[0]).toMatchObject({ step: 'quarantine', status: 'awaiting-deploy' });
  });

  test('fails to execute without --confirm naming the unit', async () => {
    const { ledger, locks } = tempAudit();
    await expect(decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: localAws(moto.url), execute: true, confirm: 'other', actor: 't' })).rejects.toThrow(
      "--execute needs --confirm space-eu-legacy-dev (got 'other')",
    );
  });

  test('a ledger that fails verification, or is missing while its anchor says it exists, stops the run before any change', async () => {
    const { aws, client, id } = await deployed();
    const { ledger, locks } = tempAudit();
    await ledger.append({ actor: 'earlier', action: 'decommission', unit: 'x', outcome: 'requested' });
    await ledger.append({ actor: 'earlier', action: 'decommission', unit: 'x', outcome: 'done' });
    const { readFileSync, writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(ledger.file, readFileSync(ledger.file, 'utf8').replace('"actor":"earlier"', '"actor":"someone-else"'));
    const run = () => decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws: client, execute: true, confirm: UNIT, actor: 't', pollMs: 1 });
    await expect(run()).rejects.toThrow(/the audit ledger fails verification, so nothing is done:\n  .*:1: content does not match its hash/);
    rmSync(ledger.file);
    await expect(run()).rejects.toThrow(/does not exist, but its anchor .* says it should/);
    expect(writesOf(client)).toEqual({});
    expect(await accountState(aws, id)).toMatchObject({ status: 'ACTIVE' });
  });

  test('the Quarantine OU without its deny-all guardrail: the run waits for the deploy', async () => {
    const { DetachPolicyCommand, ListPoliciesCommand } = await import('@aws-sdk/client-organizations');
    const { aws, client, seeded, id } = await deployed();
    const policies = await aws.send('organizations', new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    const denyAll = policies.Policies!.find((p) => p.Name === 'vend-deny-all')!;
    await aws.send('organizations', new DetachPolicyCommand({ PolicyId: denyAll.Id!, TargetId: seeded.ous.get('acme/Quarantine')! }));
    const report = await decommission({ model: demoModel(), unit: UNIT, ...tempAudit(), aws: client, execute: true, confirm: UNIT, actor: 't', pollMs: 1 });
    expect(report.steps[0]).toMatchObject({ status: 'awaiting-deploy', detail: 'acme/Quarantine lacks vend-deny-all; the account is in acme/Quarantine' });
    expect(report.steps.find((s) => s.step === 'close')!.status).toBe('not-reached');
    expect(writesOf(client)).toEqual({});
    expect(await accountState(aws, id)).toMatchObject({ status: 'ACTIVE' });
  });
});

describe('the close step guards the account it closes', () => {
  test('refuses an account outside Quarantine, or no longer tagged for the unit, even when asked directly', async () => {
    const aws = localAws(moto.url);
    const seeded = await seedAws(aws, demoModel());
    const id = seeded.accounts.get(UNIT)!;
    const unit = demoModel().unit(UNIT)!;
    const steps = awsDecommissionSteps({ aws, model: demoModel(), unit, account: { id, name: UNIT, email: EMAIL }, ...tempAudit() });
    const close = steps.find((s) => s.spec.id === 'close')!;
    const state = await close.inspect();
    await expect(close.apply!(state)).rejects.toThrow(`account ${id} is in acme/dev/Spaces, not acme/Quarantine; refusing to close it`);
    await moveTo(aws, id, 'acme/Quarantine');
    await tag(aws, id, TAG_UNIT, 'someone-else');
    await expect(close.apply!(state)).rejects.toThrow(`account ${id} now carries vend:unit=someone-else; refusing to close it`);
    expect(await accountState(aws, id)).toMatchObject({ status: 'ACTIVE' });
    const assignments = await aws.send('sso-admin', new ListAccountAssignmentsCommand({ InstanceArn: seeded.instanceArn!, AccountId: id, PermissionSetArn: [...seeded.permissionSets.values()][0] }));
    expect(assignments.AccountAssignments).toEqual([]);
  });
});
