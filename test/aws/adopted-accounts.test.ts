/**
 * An adopted unit's account existed before vend. `AWS::Organizations::Account` would call
 * CreateAccount for it, which fails for an e-mail that already has an account, so the realization
 * references the account by its id instead of declaring it; every stack that targets the account
 * (Identity Center assignments, the baseline stack set, the PoP's allowed principals) uses that id.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { shardOf, stackNames } from '../../lib/aws';
import { loadModel, type VendModel } from '../../lib/model';
import { CATALOG_DIR, resourcesOfType, synthesize, type Synthesized } from './support';

const ADOPTED = 'space-eu-shared-dev';
const ADOPTED_ID = '111122223333';

let model: VendModel;
let synth: Synthesized;
beforeAll(() => {
  const catalog = path.join(mkdtempSync(path.join(tmpdir(), 'vend-adopted-')), 'catalog');
  cpSync(CATALOG_DIR, catalog, { recursive: true });
  appendFileSync(path.join(catalog, 'units', `${ADOPTED}.yaml`), `adopted: { id: "${ADOPTED_ID}", email: shared-dev@legacy.example }\n`);
  try {
    model = loadModel({ catalogDir: catalog });
  } finally {
    rmSync(path.dirname(catalog), { recursive: true, force: true });
  }
  synth = synthesize(model);
});

const unit = () => model.units.find((u) => u.name === ADOPTED)!;

describe('adopted accounts', () => {
  test('are not declared as AWS::Organizations::Account, while every other AWS unit still is', () => {
    const declared = [...synth.all().values()].flatMap((t) => resourcesOfType(t, 'AWS::Organizations::Account').map(([, r]) => r.Properties.AccountName as string));
    expect(declared).not.toContain(ADOPTED);
    const others = model.units.filter((u) => u.cloud === 'aws' && u.name !== ADOPTED).map((u) => u.name);
    expect(declared.sort()).toEqual(others.sort());
  });

  test("get their Identity Center assignments on the adopted account's id", () => {
    const template = synth.json(stackNames.accounts(shardOf(unit())));
    const targets = resourcesOfType(template, 'AWS::SSO::Assignment').map(([, r]) => r.Properties.TargetId);
    expect(unit().access.length).toBeGreaterThan(0);
    expect(targets.filter((t) => t === ADOPTED_ID)).toHaveLength(unit().access.length);
  });

  test("get their baseline stack instance and their PoP's permission on the adopted account's id", () => {
    const baseline = JSON.stringify(synth.json(stackNames.baseline(shardOf(unit()))));
    expect(baseline).toContain(`"${ADOPTED_ID}"`);
    const popAccess = JSON.stringify(synth.json(stackNames.popAccess(unit().network!.pop!)));
    expect(popAccess).toContain(ADOPTED_ID);
  });
});
