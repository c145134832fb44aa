import { decommission } from '../../lib/operations/decommission/run';
import { readInventory } from '../../lib/operations/inventory';
import { seedAws } from '../../lib/operations/testing/seed-aws';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { CATALOG, demoModel, localAws, tempLedger, withUnitAccess } from './support/fixtures';
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
  proxy.onExecuted = undefined;
  proxy.refuse = undefined;
  proxy.setFaults({});
});

/** Runs decommission in a child process and SIGKILLs it right after the server carried out `killAfter`. */
function runChildUntil(killAfter: string, ledgerFile: string): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnDecommission(CATALOG, UNIT, ledgerFile, { AWS_ENDPOINT_URL: proxy.url, VEND_API_UNLIMITED: '1' });
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
    await seedAws(localAws(moto.url), demoModel());
    const ledger = tempLedger();
    const aws = localAws(proxy.url);
    proxy.refuse = (op) => (op === 'CloseAccount' ? { status: 400, type: 'ConstraintViolationException', fields: { Reason: 'CLOSE_ACCOUNT_QUOTA_EXCEEDED' } } : undefined);
    const now = new Date('2026-11-24T08:00:00Z');
    const report = await decommission({ model: demoModel(), unit: UNIT, ledger, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 't', now: () => now });
    expect(report).toMatchObject({ queued: true, complete: false });
    expect(report.error).toBeUndefined();
    expect(report.steps.find((s) => s.step === 'close')).toMatchObject({ status: 'queued', queuedUntil: '2026-11-25T08:00:00.000Z' });
    let inv = await readInventory({ clouds: ['aws'], aws: localAws(moto.url) });
    expect(inv.aws!.accounts.find((a) => a.tags['vend:unit'] === UNIT)).toMatchObject({ status: 'ACTIVE', ouPath: 'acme/Quarantine' });
    proxy.refuse = undefined;
    const later = await decommission({ model: demoModel(), unit: UNIT, ledger, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 't' });
    expect(later.complete).toBe(true);
    inv = await readInventory({ clouds: ['aws'], aws: localAws(moto.url) });
    expect(inv.aws!.accounts.find((a) => a.tags['vend:unit'] === UNIT)).toMatchObject({ status: 'SUSPENDED' });
    expect(ledger.entries().filter((e) => e.action === 'decommission.close').map((e) => e.outcome)).toEqual(['started', 'queued', 'started', 'done']);
  });

  test.each(['DeleteAccountAssignment', 'UpdateAssumeRolePolicy', 'MoveAccount', 'ModifyVpcEndpointServicePermissions', 'DeleteStackInstances', 'CloseAccount'])(
    'a run killed right after %s, rerun under faults, converges with every operation done exactly once',
    async (killAfter) => {
      // Given the legacy unit still holding two Identity Center assignments
      await seedAws(localAws(moto.url), withUnitAccess(demoModel(), UNIT));
      const ledger = tempLedger();

      // When a decommission is killed mid-step
      const first = await runChildUntil(killAfter, ledger.file);
      expect(first.killed).toBe(true);

      // ...and rerun (twice) through throttling, 5xx and ambiguous failures
      proxy.setFaults({ ...FAULTS, seed: killAfter.length });
      const aws = localAws(proxy.url);
      const report = await decommission({ model: demoModel(), unit: UNIT, ledger, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 'rerun' });
      expect(report.error).toBeUndefined();
      expect(report.complete).toBe(true);
      const again = await decommission({ model: demoModel(), unit: UNIT, ledger, aws, execute: true, confirm: UNIT, pollMs: 1, actor: 'rerun' });
      expect(again.steps.every((s) => s.status === 'done')).toBe(true);

      // Then the end state is the same as an undisturbed run's
      proxy.setFaults({});
      const inv = await readInventory({ clouds: ['aws'], aws: localAws(moto.url) });
      const account = inv.aws!.accounts.find((a) => a.tags['vend:unit'] === UNIT)!;
      expect(account).toMatchObject({ status: 'SUSPENDED', ouPath: 'acme/Quarantine' });
      expect((inv.aws!.stacks ?? []).filter((s) => s.account === account.id)).toEqual([]);

      // ...every operation was carried out exactly once, none lost, none doubled
      expect(Object.fromEntries(proxy.executed)).toEqual({
        DeleteAccountAssignment: 2,
        UpdateAssumeRolePolicy: 1,
        MoveAccount: 1,
        ModifyVpcEndpointServicePermissions: 1,
        DeleteStackInstances: 1,
        CloseAccount: 1,
      });
      // ...and the ledger still verifies, showing the interrupted step and its completion
      expect(ledger.verify()).toMatchObject({ ok: true });
      const killedStep = { DeleteAccountAssignment: 'revoke-access', UpdateAssumeRolePolicy: 'revoke-role-trust', MoveAccount: 'quarantine', ModifyVpcEndpointServicePermissions: 'remove-endpoint-access', DeleteStackInstances: 'remove-baseline', CloseAccount: 'close' }[killAfter]!;
      const outcomes = ledger.entries().filter((e) => e.action === `decommission.${killedStep}`).map((e) => e.outcome);
      expect(outcomes[0]).toBe('started');
      expect(outcomes).toContain(killAfter === 'DeleteAccountAssignment' ? 'done' : 'skipped');
    },
  );

  test('the scenarios above ran through real faults of every kind', () => {
    expect(proxy.injected.throttle).toBeGreaterThan(0);
    expect(proxy.injected.fail).toBeGreaterThan(0);
    expect(proxy.injected.ambiguous).toBeGreaterThan(0);
  });
});
