import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TAG_UNIT } from '../../lib/model';
import { decommission } from '../../lib/operations/decommission/run';
import { startArmServer, type ArmServer } from './support/arm-server';
import { localArmEnv, localAzure, TENANT } from './support/azure';
import { spawnDecommission } from './support/child';
import { catalogWithDecommissioned, decommissionedModel, demoModel, tempAudit } from './support/fixtures';
import { deployDecommissionedArm, seedArm } from './support/seed-arm';

const UNIT = 'space-we-shared-dev';
let arm: ArmServer;
beforeAll(async () => {
  arm = await startArmServer(TENANT);
});
afterAll(() => arm?.close());
beforeEach(() => arm.reset());

describe('vend decommission (Azure) killed mid-run', () => {
  test.each(['RoleAssignments.delete', 'RoleEligibilityScheduleRequests.create', 'PolicyAssignments.delete', 'ResourceGroups.delete', 'Subscription.cancel'])(
    'a run killed right after %s, rerun under faults, converges with every operation done exactly once',
    async (killAfter) => {
      const ids = seedArm(arm.state, demoModel());
      const model = decommissionedModel(demoModel(), UNIT);
      deployDecommissionedArm(arm.state, model, ids, UNIT);
      const catalog = catalogWithDecommissioned(UNIT);
      const { ledger, locks } = tempAudit();
      const child = spawnDecommission(catalog, UNIT, ledger.file, localArmEnv(arm, mkdtempSync(path.join(tmpdir(), 'vend-ca-'))));
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
      const report = await decommission({ model, unit: UNIT, ledger, locks, azure: localAzure(arm), execute: true, confirm: UNIT, pollMs: 1 });
      expect(report.error).toBeUndefined();
      expect(report.complete).toBe(true);
      arm.setFaults({});
      expect(Object.fromEntries(arm.executed)).toEqual({
        'RoleAssignments.delete': 2,
        'RoleEligibilityScheduleRequests.create': 1,
        'PolicyAssignments.delete': 1,
        'ResourceGroups.delete': 1,
        'Subscription.cancel': 1,
      });
      const sub = [...arm.state.subscriptions.values()].find((s) => s.tags[TAG_UNIT] === UNIT)!;
      expect(sub).toMatchObject({ group: 'acme-decommissioned', state: 'Disabled' });
      expect((await ledger.inspect()).condition).toBe('ok');
    },
  );
});
