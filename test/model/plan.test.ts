/**
 * The plan, checked against golden files for the bundled catalog (against nothing, and against a
 * snapshot that exercises every kind of change), plus the properties a PR comment relies on.
 * Regenerate goldens after an intended change with UPDATE_GOLDEN=1 and review the diff.
 */
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  computePlan,
  emptyInventory,
  loadInventory,
  loadModel,
  renderPlan,
  type Inventory,
  type PlanFormat,
} from '../../lib/model';
import { REPO } from './support/catalog-fixture';

const model = loadModel({ catalogDir: path.join(REPO, 'catalog') });
const snapshotFile = path.join(__dirname, 'fixtures', 'inventory', 'acme-snapshot.json');
const snapshot = loadInventory(snapshotFile).inventory!;
const EXTENSION: Record<PlanFormat, string> = { text: 'txt', markdown: 'md', json: 'json' };

/** Compares with a committed golden file; a missing one fails (UPDATE_GOLDEN=1 rewrites them on purpose). */
function golden(name: string, actual: string): void {
  const file = path.join(__dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 and review it before committing`);
  expect(actual).toEqual(readFileSync(file, 'utf8'));
}

describe('vend plan', () => {
  describe.each(['text', 'markdown', 'json'] as const)('as %s', (format) => {
    test('against an empty inventory matches the golden file', () => {
      golden(`plan-empty.${EXTENSION[format]}`, renderPlan(computePlan(model, emptyInventory()), format));
    });
    test('against the snapshot matches the golden file', () => {
      golden(`plan-snapshot.${EXTENSION[format]}`, renderPlan(computePlan(model, snapshot), format));
    });
  });

  test('against an empty inventory creates every active unit, every node and every guardrail', () => {
    const plan = computePlan(model, emptyInventory());
    const active = model.units.filter((u) => u.lifecycle === 'active').map((u) => u.name).sort();
    expect(plan.units.filter((u) => u.action === 'create').map((u) => u.unit).sort()).toEqual(active);
    expect(plan.hierarchy).toHaveLength(model.hierarchy.nodes.length * 2);
    expect(plan.units.some((u) => u.unit === 'space-eu-legacy-dev')).toBe(false);
  });

  test('against the snapshot finds each kind of change', () => {
    const plan = computePlan(model, snapshot);
    const actions = Object.fromEntries(plan.units.map((u) => [`${u.cloud}/${u.unit}`, u.action]));
    expect(actions).toMatchObject({
      'aws/space-eu-shared-prod': 'move',
      'aws/pop-eu-prod': 'rebaseline',
      'aws/space-eu-legacy-dev': 'decommission',
      'aws/space-eu-shared-dev': 'conflict',
      'aws/control-plane-aws-prod': 'conflict',
      'aws/pop-eu-dev': 'create',
      'azure/space-we-contoso-prod': 'move',
    });
    expect(actions['aws/central-aws-prod']).toBeUndefined();
    expect(plan.guardrails).toEqual([
      { cloud: 'aws', target: 'acme', policy: 'vend-secure-storage', control: 'secure-storage', action: 'attach' },
      { cloud: 'aws', target: 'acme', policy: 'vend-old-guardrail', action: 'detach' },
      { cloud: 'azure', target: 'acme-decommissioned', policy: 'vend-deny-all', control: 'deny-all', action: 'attach' },
    ]);
    expect(plan.unclaimed.filter((u) => u.tag).map((u) => u.tag)).toEqual(['space-old-prod']);
    expect(plan.notes.join('\n')).toMatch(/legacy-team-scp/);
  });

  test('never plans to decommission or close a unit the catalog does not mark decommissioned', () => {
    const plan = computePlan(model, snapshot);
    for (const change of plan.units.filter((u) => u.action === 'decommission')) {
      expect(model.unit(change.unit)?.lifecycle).toBe('decommissioned');
    }
  });

  test('is the same bytes whatever order the inventory lists things in', () => {
    const reference = renderPlan(computePlan(model, snapshot), 'json');
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (seeds) => {
        const shuffled: Inventory = {
          ...snapshot,
          aws: {
            ...snapshot.aws!,
            organizationalUnits: shuffle(snapshot.aws!.organizationalUnits, seeds[0]).map((ou) => ({ ...ou, policies: shuffle(ou.policies, seeds[1]) })),
            accounts: shuffle(snapshot.aws!.accounts, seeds[2]),
          },
          azure: { ...snapshot.azure!, subscriptions: shuffle(snapshot.azure!.subscriptions, seeds[3]) },
        };
        expect(renderPlan(computePlan(model, shuffled), 'json')).toEqual(reference);
      }),
      { numRuns: 50 },
    );
  });

  test('after applying it, planning again finds nothing to do', () => {
    const applied = applyPlanToInventory();
    const plan = computePlan(model, applied);
    expect(plan.summary).toEqual({ nodes: 0, create: 0, move: 0, rebaseline: 0, decommission: 0, conflict: 0, attach: 0, detach: 0, unchanged: model.units.length, destructive: 0, unclaimed: 0 });
    expect(renderPlan(plan, 'text')).toContain('No changes.');
  });
});

/** What the clouds would look like after the plan against an empty inventory was applied. */
function applyPlanToInventory(): Inventory {
  const inventory = emptyInventory();
  const plan = computePlan(model, inventory);
  const policiesAt = (cloud: string, target: string) =>
    plan.guardrails.filter((g) => g.cloud === cloud && g.target === target).map((g) => g.policy);
  for (const node of plan.hierarchy) {
    if (node.cloud === 'aws') inventory.aws!.organizationalUnits.push({ id: `ou-${node.node}`, path: node.node, policies: policiesAt('aws', node.node) });
    else inventory.azure!.managementGroups.push({ id: node.node, policyAssignments: policiesAt('azure', node.node) });
  }
  for (const change of plan.units) {
    const unit = model.unit(change.unit)!;
    if (unit.cloud === 'aws') {
      inventory.aws!.accounts.push({ id: `id-${unit.name}`, name: unit.name, email: unit.identity, status: 'ACTIVE', ouPath: change.to!, tags: { ...unit.tags } });
    } else {
      inventory.azure!.subscriptions.push({ id: `id-${unit.name}`, displayName: unit.name, alias: unit.identity, state: 'Enabled', managementGroupId: change.to!, tags: { ...unit.tags } });
    }
  }
  return inventory;
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed + 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('vend plan with nothing to do', () => {
  test('says the clouds match only when the inventory read every cloud the catalog configures', () => {
    const applied = applyPlanToInventory();
    const verdict = (inventory: Inventory, format: 'text' | 'markdown') => renderPlan(computePlan(model, inventory), format).split('\n').filter((l) => l.startsWith('No changes'));
    expect(verdict(applied, 'text')).toEqual(['No changes. The clouds match the catalog.']);
    expect(verdict({ ...applied, azure: undefined }, 'markdown')).toEqual(['No changes in what the inventory read, but it did not read azure: nothing there was compared.']);
    const readNothing: Inventory = { apiVersion: 'vend/v1', kind: 'Inventory' };
    expect(verdict(readNothing, 'text')).toEqual(['No changes in what the inventory read, but it did not read aws or azure: nothing there was compared.']);
    expect(verdict(readNothing, 'markdown')).toEqual(['No changes in what the inventory read, but it did not read aws or azure: nothing there was compared.']);
  });
});

describe('vend plan with a one-cloud inventory', () => {
  test('plans only the cloud the inventory read, and says so', () => {
    const awsOnly: Inventory = { ...snapshot, azure: undefined };
    const plan = computePlan(model, awsOnly);
    expect(plan.units.every((u) => u.cloud === 'aws')).toBe(true);
    expect(plan.hierarchy.every((n) => n.cloud === 'aws')).toBe(true);
    expect(plan.notRead).toEqual(['azure']);
    expect(renderPlan(plan, 'text')).toContain('warning: the inventory did not read azure, so nothing is planned there');
    expect(renderPlan(plan, 'markdown')).toContain('> [!WARNING]\n> The inventory did not read azure: nothing is planned there.');
  });
});

describe('vend plan lists what no unit claims', () => {
  test('an untagged account that matches no unit is listed as unclaimed with its name, e-mail and OU; the management account is not', () => {
    const inventory: Inventory = {
      ...snapshot,
      aws: {
        ...snapshot.aws!,
        managementAccountId: '111111111111',
        accounts: [
          ...snapshot.aws!.accounts,
          { id: '889007719297', name: 'sandbox-manual', email: 'sandbox@acme.example', status: 'ACTIVE', ouPath: '', tags: {} },
          { id: '111111111111', name: 'management', email: 'root@acme.example', status: 'ACTIVE', ouPath: '', tags: {} },
        ],
      },
    };
    const plan = computePlan(model, inventory);
    expect(plan.unclaimed.filter((u) => !u.tag)).toEqual([{ cloud: 'aws', id: '889007719297', name: 'sandbox-manual', email: 'sandbox@acme.example', path: '' }]);
    expect(renderPlan(plan, 'text')).toContain("  ? aws   889007719297 'sandbox-manual' <sandbox@acme.example> in (root)");
  });

  test('an Azure guardrail to detach is named by its control, not only by its shortened assignment name', () => {
    const assignment = 'vend-key-vault-prot-' + require('../../lib/model').fnv1a('key-vault-protection').slice(0, 4);
    const inventory: Inventory = {
      ...snapshot,
      azure: { ...snapshot.azure!, managementGroups: snapshot.azure!.managementGroups.map((g) => (g.id === 'acme-dev' ? { ...g, policyAssignments: [...g.policyAssignments, assignment] } : g)) },
    };
    const detach = computePlan(model, inventory).guardrails.find((g) => g.action === 'detach' && g.cloud === 'azure');
    expect(detach).toEqual({ cloud: 'azure', target: 'acme-dev', policy: assignment, control: 'key-vault-protection', action: 'detach' });
  });
});
