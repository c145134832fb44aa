/**
 * An adopted unit's subscription existed before vend. Its alias is created for that subscription
 * (`properties.subscriptionId`), so nothing new is billed; every other subscription is still vended
 * on the billing scope, and the adopted one is placed and tagged like any other.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TENANT_STACK } from '../../lib/azure';
import { loadModel } from '../../lib/model';
import { BUNDLED_CATALOG, resources, synth, type Synthesized } from './support/synth';

const ADOPTED = 'space-we-shared-dev';
const SUBSCRIPTION = '0b0b0b0b-1111-4222-8333-444444444444';

let out: Synthesized;
beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vend-azure-adopted-'));
  try {
    cpSync(BUNDLED_CATALOG, dir, { recursive: true });
    appendFileSync(path.join(dir, 'units', `${ADOPTED}.yaml`), `adopted: { id: "${SUBSCRIPTION}" }\n`);
    out = synth(loadModel({ catalogDir: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
afterAll(() => out?.cleanup());

const aliases = () => resources(out.json.get(TENANT_STACK)!, 'azapi_resource').filter(([, r]) => r.type === 'Microsoft.Subscription/aliases@2021-10-01');
const properties = (unit: string) => {
  const found = aliases().find(([, r]) => r.name === out.model.unit(unit)!.identity);
  if (!found) throw new Error(`no alias for ${unit}`);
  return (found[1].body as { properties: Record<string, unknown> }).properties;
};

describe('adopted subscriptions', () => {
  test('get an alias of the existing subscription, with no billing scope and no workload', () => {
    const p = properties(ADOPTED);
    expect(p).toMatchObject({ subscriptionId: SUBSCRIPTION, additionalProperties: { tags: expect.objectContaining({ 'vend:unit': ADOPTED }) } });
    expect(p).not.toHaveProperty('billingScope');
    expect(p).not.toHaveProperty('workload');
  });

  test('leave every other subscription vended on the billing scope', () => {
    for (const unit of out.model.units.filter((u) => u.cloud === 'azure' && u.name !== ADOPTED)) {
      expect(properties(unit.name)).toMatchObject({ billingScope: expect.any(String), displayName: unit.identity });
      expect(properties(unit.name)).not.toHaveProperty('subscriptionId');
    }
  });
});
