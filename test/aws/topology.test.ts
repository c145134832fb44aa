import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { groupByShard, SHARDS_PER_KIND, shardOf, shardSlug, stackNames } from '../../lib/aws';
import { loadModel, UNIT_KINDS, type VendModel } from '../../lib/model';
import { bundledModel, CATALOG_DIR, synthesize } from './support';

/** Names of stacks whose template differs between two syntheses (added and removed ones included). */
function changedStacks(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => JSON.stringify(a.get(n)) !== JSON.stringify(b.get(n))).sort();
}

function catalogWith(files: Record<string, string>): VendModel {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-aws-topo-')), 'catalog');
  cpSync(CATALOG_DIR, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, 'units', name), content);
  return loadModel({ catalogDir: dir });
}

const NEW_SPACE = `apiVersion: vend/v1
kind: Space
name: space-eu-newcomer-prod
cloud: aws
environment: prod
region: eu-west-1
owners: [team-new@acme.example]
network: { cidr: 10.20.8.0/22, pop: pop-eu-prod }
access:
  - { group: space-operators, role: contributor }
`;

let model: VendModel;
let bundled: Map<string, unknown>;
beforeAll(() => {
  model = bundledModel();
  bundled = synthesize(model).all() as Map<string, unknown>;
});

describe('stack topology', () => {
  test('does not depend on the order of units in the catalog', () => {
    const reversed: VendModel = { ...model, units: [...model.units].reverse() };
    expect(changedStacks(bundled, synthesize(reversed).all() as Map<string, unknown>)).toEqual([]);
  });

  test('adding a Space changes only its accounts shard, its baseline shard and its PoP\'s allowed principals', () => {
    const grown = catalogWith({ 'space-eu-newcomer-prod.yaml': NEW_SPACE });
    const newcomer = grown.unit('space-eu-newcomer-prod')!;
    const changed = changedStacks(bundled, synthesize(grown).all() as Map<string, unknown>);
    expect(changed).toEqual(
      [stackNames.accounts(shardOf(newcomer)), stackNames.baseline(shardOf(newcomer)), stackNames.popAccess('pop-eu-prod')].sort(),
    );
  });

  test('decommissioning a Space changes only its own shards and its PoP\'s allowed principals', () => {
    const spec = `apiVersion: vend/v1
kind: Space
name: space-eu-shared-prod
cloud: aws
environment: prod
region: eu-west-1
tenancy: multi
owners: [team-shared@acme.example]
network: { cidr: 10.20.4.0/22, pop: pop-eu-prod }
lifecycle: decommissioned
access:
  - { group: space-operators, role: contributor }
tags: { cost-center: "1235" }
`;
    const shrunk = catalogWith({ 'space-eu-shared-prod.yaml': spec });
    const unit = shrunk.unit('space-eu-shared-prod')!;
    const changed = changedStacks(bundled, synthesize(shrunk).all() as Map<string, unknown>);
    expect(changed).toEqual(
      [stackNames.accounts(shardOf(unit)), stackNames.baseline(shardOf(unit)), stackNames.popAccess('pop-eu-prod')].sort(),
    );
  });

  test('names every stack after catalog keys, never positions', () => {
    for (const name of bundled.keys()) {
      expect(name).toMatch(/^Vend-(Organization|Identity|Security|AccessLogs|PopAccess-[a-z0-9-]+|CrossCloudTrust|(Accounts|Baseline|CrossCloudTrust)-[a-z0-9]+-(Spaces|PoPs|Central|ControlPlane)-\d\d)$/);
    }
  });
});

describe('shards', () => {
  test('are the deployed contract: these units live in these stacks (changing a shard count or the hash re-homes live accounts)', () => {
    const slug = (name: string, environment: string, kind: (typeof UNIT_KINDS)[number]) => shardSlug(shardOf({ name, environment, kind }));
    expect(slug('space-eu-acme-prod', 'prod', 'Space')).toBe('prod-Spaces-07');
    expect(slug('space-eu-shared-dev', 'dev', 'Space')).toBe('dev-Spaces-22');
    expect(slug('pop-eu-prod', 'prod', 'PoP')).toBe('prod-PoPs-01');
    expect(slug('central-aws-prod', 'prod', 'Central')).toBe('prod-Central-00');
    expect(SHARDS_PER_KIND).toEqual({ Space: 32, PoP: 4, Central: 1, ControlPlane: 1 });
  });

  const unitArb = fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/),
    environment: fc.constantFrom('dev', 'staging', 'prod'),
    kind: fc.constantFrom(...UNIT_KINDS),
  });

  test('are a pure function of a unit\'s name, environment and kind, within the kind\'s shard count', () => {
    fc.assert(
      fc.property(unitArb, (unit) => {
        const shard = shardOf(unit);
        expect(Number(shard.index)).toBeLessThan(SHARDS_PER_KIND[unit.kind]);
        expect(shard.environment).toBe(unit.environment);
        expect(shard.kind).toBe(unit.kind);
      }),
    );
  });

  test('do not move when other units are added or removed', () => {
    fc.assert(
      fc.property(fc.uniqueArray(unitArb, { selector: (u) => u.name, minLength: 2, maxLength: 40 }), (units) => {
        const before = new Map(groupByShard(units).flatMap((g) => g.units.map((u) => [u.name, g.shard] as const)));
        const after = new Map(groupByShard(units.slice(1)).flatMap((g) => g.units.map((u) => [u.name, g.shard] as const)));
        for (const [name, shard] of after) expect(shard).toEqual(before.get(name));
      }),
    );
  });
});
