/**
 * The Azure half of the lifecycle state machine, over the synthesized cdk.tf.json (issue 13): a
 * decommissioned unit's stacks declare nothing the pipeline would recreate once `vend decommission`
 * has deleted it, and keep the subscription alias and placement by forgetting (Terraform `removed`
 * blocks with destroy = false) instead of destroying or orphaning them. Checked on the bundled
 * catalog with an Azure Space and on a generated catalog with a decommissioned PoP and Spaces, each
 * against the same catalog synthesized with every unit active; and shown to fail on stacks that
 * still declare their baseline or drop the alias without a `removed` block.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TENANT_STACK } from '../../lib/azure';
import { loadModel, writeGeneratedCatalog } from '../../lib/model';
import { catalogDecommissioning, cleanupCatalog, generatedToDecommission } from '../support/decommission-catalog';
import { decommissionedViolations } from './support/decommissioned';
import { BUNDLED_CATALOG, synth, type Synthesized, type TfJson } from './support/synth';

const SPACE = 'space-we-shared-dev';

function pair(catalogDir: string, units: readonly string[]): { out: Synthesized; active: Synthesized; dir: string } {
  const dir = catalogDecommissioning(catalogDir, units);
  return { out: synth(loadModel({ catalogDir: dir })), active: synth(loadModel({ catalogDir })), dir };
}

function violations(out: Synthesized, active: Synthesized): string[] {
  return out.model.units.filter((u) => u.cloud === 'azure' && u.lifecycle === 'decommissioned').flatMap((u) => decommissionedViolations(out, active, u));
}

describe('a decommissioned Azure Space in the bundled catalog', () => {
  let out: Synthesized;
  let active: Synthesized;
  let dir: string;
  beforeAll(() => {
    ({ out, active, dir } = pair(BUNDLED_CATALOG, [SPACE]));
  });
  afterAll(() => {
    out.cleanup();
    active.cleanup();
    cleanupCatalog(dir);
  });

  test('declares nothing to recreate and forgets, never destroys, what it had', () => {
    expect(out.model.unit(SPACE)!.lifecycle).toBe('decommissioned');
    expect(violations(out, active)).toEqual([]);
    // What the decommission deletes is among what the stack forgets (not left for Terraform to recreate).
    const forgotten = ((out.json.get(SPACE) as { removed: Array<{ from: string }> }).removed).map((r) => r.from.split('.')[0]);
    for (const type of ['azurerm_resource_group', 'azurerm_role_assignment', 'azurerm_monitor_diagnostic_setting', 'azurerm_security_center_subscription_pricing', 'azurerm_key_vault']) {
      expect(forgotten).toContain(type);
    }
  });

  test('the checks fail on a stack that still declares its baseline, and on an alias dropped without a removed block', () => {
    // The unit's active stack standing in for its decommissioned one.
    const keeps = { ...out, json: new Map(out.json).set(SPACE, active.json.get(SPACE)!) } as Synthesized;
    expect(violations(keeps, active).join('\n')).toMatch(new RegExp(`${SPACE}: still declares azurerm_`));
    const tenant = out.json.get(TENANT_STACK)! as TfJson & { removed?: unknown[] };
    const orphaning = { ...out, json: new Map(out.json).set(TENANT_STACK, { ...tenant, removed: [] } as TfJson) } as Synthesized;
    expect(violations(orphaning, active)).toEqual([expect.stringMatching(new RegExp(`${SPACE}: the alias \\w+ is not forgotten with destroy = false`))]);
  });
});

test('an adopted Space, decommissioned: its alias forgotten too, and its placement by the id in its file (nothing to read)', () => {
  const adopted = catalogDecommissioning(BUNDLED_CATALOG, []);
  appendFileSync(path.join(adopted, 'units', `${SPACE}.yaml`), 'adopted: { id: "0b0b0b0b-1111-4222-8333-444444444444" }\n');
  const { out, active, dir } = pair(adopted, [SPACE]);
  try {
    expect(out.model.unit(SPACE)!.adopted?.id).toBe('0b0b0b0b-1111-4222-8333-444444444444');
    expect(violations(out, active)).toEqual([]);
    expect(Object.keys(out.json.get(TENANT_STACK)!.data?.azapi_resource ?? {})).toEqual([]);
  } finally {
    out.cleanup();
    active.cleanup();
    [adopted, dir].forEach(cleanupCatalog);
  }
});

test('a generated catalog with a decommissioned PoP and Spaces: every decommissioned unit declares nothing to recreate', () => {
  const catalogDir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-azure-gen-')), 'catalog');
  writeGeneratedCatalog(catalogDir, { units: 30, cloud: 'azure', spacesPerPop: 4 });
  const units = generatedToDecommission(catalogDir);
  const { out, active, dir } = pair(catalogDir, units);
  try {
    const decommissioned = out.model.units.filter((u) => u.lifecycle === 'decommissioned');
    expect(decommissioned.map((u) => u.name).sort()).toEqual(units);
    expect(new Set(decommissioned.map((u) => u.kind))).toEqual(new Set(['PoP', 'Space']));
    expect(violations(out, active)).toEqual([]);
  } finally {
    out.cleanup();
    active.cleanup();
    cleanupCatalog(dir);
    cleanupCatalog(path.dirname(catalogDir));
  }
});
