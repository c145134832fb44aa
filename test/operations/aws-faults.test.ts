import { decommission } from '../../lib/operations/decommission/run';
import { readInventory } from '../../lib/operations/inventory';
import { deployDecommissioned } from '../../lib/operations/testing/deploy-decommissioned';
import { seedAws } from '../../lib/operations/testing/seed-aws';
import { loadModel } from '../../lib/model';
import { accountState, createRole } from './support/aws-decommission';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { catalogCopy, CATALOG, demoModel, localAws, tempAudit, withUnitAccess } from './support/fixtures';
import { spawnDecommission } from './support/child';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

const UNIT = 'space-eu-legacy-dev';
const FAULTS = { throttle: 0.15, fail: 0.05, ambiguous: 0.4 };

let moto: MotoServer;
let proxy: FaultProxy;
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
  proxy = await startFaultProxy(moto.url);
});
afterAll(async () => {
  await proxy?.close();
  moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  proxy.executed.clear();
  proxy.closeEvents.length = 0;
  proxy.trail = false;
  proxy.onExecuted = undefined;
  proxy.refuse = undefined;
  proxy.setFaults({});
});

/** Runs decommission in a child process and SIGKILLs it right after the server carried out `killAfter`. */
function runChildUntil(killAfter: string, ledgerFile: string, catalog = CATALOG, unit = UNIT): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnDecommission(catalog, unit, ledgerFile, { AWS_ENDPOINT_URL: proxy.url, VEND_API_UNLIMITED: '1' });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    proxy.onExecuted = (op) => {
      if (op !== killAfter || killed) return;
      killed = true;
      child.kill('SIGKILL');
      return false;
    };
    child.on('error', reject);
    child.on('exit', (code) => (killed || code === 0 ? resolve({ killed, out }) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

/** The demo organization with the legacy unit's decommission deployed and a tenant role trusted by a partner account. */
async function deployedWithPartner(model = demoModel()) {
  const aws = localAws(moto.url);
  const seeded = await seedAws(aws, model);
  await deployDecommissioned(aws, model, UNIT);
  await createRole(aws, seeded.accounts.get(UNIT)!, 'PartnerAccess', { Principal: { AWS: 'arn:aws:iam::771195129780:root' } });
  return seeded;
}

describe('fault injection (AWS, moto behind a faulty proxy)', () => {
  test('inventory reads the same snapshot through throttling and 5xx as without them', async () => {
    const aws = localAws(moto.url);
    await seedAws(aws, demoModel(), { drift: true });
    const clean = await readInventory({ clouds: ['aws'], aws: localAws(moto.url), now: new Date(0) });
    proxy.setFaults({ throttle: 0.25, fail: 0.1, seed: 7 });
    const faulty = localAws(proxy.url);
    const noisy = await readInventory({ clouds: ['aws'], aws: faulty, now: new Date(0) });
    expect(noisy).toEqual(clean);
    expect(proxy.injected.throttle + proxy.injected.fail).toBeGreaterThan(5);
    const stats = Object.values(faulty.gate.snapshot());
    expect(stats.reduce((n, s) => n + s.retries, 0)).toBe(proxy.injected.throttle + proxy.injected.fail);
  });

  test('when AWS itself refuses CloseAccount over its quota, the unit stays quarantined and queued, and a later run closes it', async () => {
    await deployedWithPartner();
    const { ledger, locks } = tempAudit();
    const aws = localAws(proxy.url);
    proxy.refuse = (op) => (op === 'CloseAccount' ? { status: 400, type: 'ConstraintViolationException', fields: { Reason: 'CLOSE_ACCOUNT_QUOTA_EXCEEDED' } } : undefined);
    const now = new Date('2026-11-24T08:00:00Z');
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 't', now: () => now });
    expect(report).toMatchObject({ queued: true, complete: false });
    expect(report.error).toBeUndefined();
    expect(report.steps.find((s) => s.step === 'close')).toMatchObject({ status: 'queued', queuedUntil: '2026-11-25T08:00:00.000Z' });
    expect(await accountState(localAws(moto.url), (await deployedAccount())!)).toEqual({ status: 'ACTIVE', ouPath: 'acme/Quarantine' });
    proxy.refuse = undefined;
    const later = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 't' });
    expect(later.complete).toBe(true);
    expect(await accountState(localAws(moto.url), (await deployedAccount())!)).toMatchObject({ status: 'SUSPENDED' });
    expect(ledger.entries().filter((e) => e.action === 'decommission.close').map((e) => e.outcome)).toEqual(['started', 'queued', 'started', 'done']);
  });

  test('any other constraint AWS names is reported with its reason', async () => {
    await deployedWithPartner();
    proxy.refuse = (op) => (op === 'CloseAccount' ? { status: 400, type: 'ConstraintViolationException', fields: { Reason: 'MASTER_ACCOUNT_MISSING_CONTACT_INFO' } } : undefined);
    const report = await decommission({ model: demoModel(), unit: UNIT, ...tempAudit(), aws: localAws(proxy.url), execute: true, confirm: UNIT, pollMs: 1, actor: 't' });
    expect(report.error).toMatch(/Close the account: AWS refused CloseAccount: MASTER_ACCOUNT_MISSING_CONTACT_INFO/);
  });

  test.each(['UpdateAssumeRolePolicy', 'CloseAccount'])('a run killed right after %s, rerun under faults, converges with every operation done exactly once', async (killAfter) => {
    // Given the deployed decommission and a tenant role trusted by a partner account
    await deployedWithPartner(withUnitAccess(demoModel(), UNIT));
    const { ledger, locks } = tempAudit();

    // When a decommission is killed mid-step
    const first = await runChildUntil(killAfter, ledger.file);
    expect(first.killed).toBe(true);

    // ...and rerun (twice) through throttling, 5xx and ambiguous failures
    proxy.setFaults({ ...FAULTS, seed: killAfter.length });
    const before = { ...proxy.injected };
    const aws = localAws(proxy.url);
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 'rerun' });
    expect(report.error).toBeUndefined();
    expect(report.complete).toBe(true);
    const again = await decommission({ model: demoModel(), unit: UNIT, ledger, locks, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 'rerun' });
    expect(again.steps.map((s) => `${s.step}:${s.status}`)).toEqual(['closed:done']);

    // (through real faults of every kind, in this run)
    const injected = { throttle: proxy.injected.throttle - before.throttle, fail: proxy.injected.fail - before.fail, ambiguous: proxy.injected.ambiguous - before.ambiguous };
    // (ambiguous failures hit only mutating calls: killed after UpdateAssumeRolePolicy, the rerun
    // still updates a role; killed after CloseAccount, it has nothing left to change)
    expect(injected.throttle + injected.fail).toBeGreaterThan(0);
    if (killAfter === 'UpdateAssumeRolePolicy') expect(injected.ambiguous).toBeGreaterThan(0);

    // Then the end state is the same as an undisturbed run's, every operation carried out exactly once
    proxy.setFaults({});
    expect(await accountState(localAws(moto.url), (await deployedAccount())!)).toEqual({ status: 'SUSPENDED', ouPath: 'acme/Quarantine' });
    expect(Object.fromEntries(proxy.executed)).toEqual({ UpdateAssumeRolePolicy: 2, CloseAccount: 1 });
    // ...and the ledger still verifies, showing the interrupted step and its completion
    expect((await ledger.inspect()).condition).toBe('ok');
    const killedStep = killAfter === 'CloseAccount' ? 'close' : 'revoke-trust';
    const outcomes = ledger.entries().filter((e) => e.action === `decommission.${killedStep}`).map((e) => e.outcome);
    // (killed after the first of two role updates, the rerun finishes the step; killed after the closure, it finds it done)
    expect(outcomes).toEqual(killAfter === 'CloseAccount' ? ['started', 'skipped'] : ['started', 'started', 'done']);
  });

  describe('a run killed between CloseAccount and its ledger entry still counts against the quota', () => {
    const TWO = ['space-eu-legacy-dev', 'space-eu-shared-dev'];

    test.each([
      ['from the CloudTrail event history', true, /CloudTrail 1, ledger 0, closed accounts 0/],
      ['from the closed account when no trail is readable', false, /CloudTrail unreadable .*, ledger 0, closed accounts 1/],
    ])('%s', async (_how, trail, basis) => {
      // Given two decommissioned units, one closure per 30 days, and the first run killed right after CloseAccount
      const catalog = catalogCopy({ decommissioned: TWO, closures: 1 });
      const model = loadModel({ catalogDir: catalog });
      const aws = localAws(moto.url);
      const seeded = await seedAws(aws, model);
      for (const u of TWO) await deployDecommissioned(aws, model, u);
      proxy.trail = trail;
      // Two runners, each with its own ledger: the first one's ledger never learns of its closure.
      const first = tempAudit();
      expect((await runChildUntil('CloseAccount', first.ledger.file, catalog, TWO[0])).killed).toBe(true);
      expect(first.ledger.entries().filter((e) => e.action === 'decommission.close').map((e) => e.outcome)).toEqual(['started']);

      // When the second unit is decommissioned
      const second = tempAudit();
      const report = await decommission({ model, unit: TWO[1], ...second, aws: localAws(proxy.url), execute: true, confirm: TWO[1], pollMs: 1, actor: 't' });

      // Then the closure the killed run made counts, and the second account stays quarantined
      expect(report.queued).toBe(true);
      expect(report.steps.find((s) => s.step === 'close')!.detail).toMatch(basis);
      expect(await accountState(aws, seeded.accounts.get(TWO[0])!)).toMatchObject({ status: 'SUSPENDED' });
      expect(await accountState(aws, seeded.accounts.get(TWO[1])!)).toEqual({ status: 'ACTIVE', ouPath: 'acme/Quarantine' });
    });
  });

});

async function deployedAccount(): Promise<string | undefined> {
  const inv = await readInventory({ clouds: ['aws'], aws: localAws(moto.url) });
  return inv.aws!.accounts.find((a) => a.tags['vend:unit'] === UNIT)?.id;
}
