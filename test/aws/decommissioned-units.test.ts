/**
 * The IaC half of the AWS decommission (DECISIONS.md §3) as an invariant over the synthesized app of
 * a generated catalog with decommissioned units (a PoP with every Space that reaches it, and more
 * Spaces, all still listing access entries): each decommissioned account sits in Quarantine, has no
 * Identity Center assignment, is allowed by no PoP endpoint service and has no baseline stack
 * instance, while every active one is placed at home and keeps all of them (so the checks can fail).
 * The bundled catalog's cases are in accounts, decommissioned-access, security-and-network and
 * baseline tests; this one covers many units, PoPs included.
 */
import * as path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { shardOf, stackNames } from '../../lib/aws';
import { loadModel, QUARANTINE_KEY, writeGeneratedCatalog, type EffectiveUnit } from '../../lib/model';
import { catalogDecommissioning, cleanupCatalog, generatedToDecommission } from '../support/decommission-catalog';
import { readThrough, resourcesOfType, synthesize, type Synthesized } from './support';

let synth: Synthesized;
let decommissioned: string[];
const dirs: string[] = [];

beforeAll(() => {
  const generated = path.join(mkdtempSync(path.join(tmpdir(), 'vend-aws-decom-')), 'catalog');
  writeGeneratedCatalog(generated, { units: 30, cloud: 'aws', spacesPerPop: 4 });
  decommissioned = generatedToDecommission(generated);
  const dir = catalogDecommissioning(generated, decommissioned);
  dirs.push(path.dirname(generated), dir);
  synth = synthesize(loadModel({ catalogDir: dir }));
});
afterAll(() => dirs.forEach(cleanupCatalog));

/** What the app declares about one unit's account, from the synthesized templates. */
function declared(unit: EffectiveUnit) {
  const stack = stackNames.accounts(shardOf(unit));
  const template = synth.json(stack);
  const [logicalId, account] = resourcesOfType(template, 'AWS::Organizations::Account').find(([, r]) => r.Properties.AccountName === unit.name)!;
  // A decommissioned account publishes no output, so no other stack can name it at all.
  const output = Object.entries(template.Outputs ?? {}).find(([, o]) => o.Value?.['Fn::GetAtt']?.[0] === logicalId)?.[0];
  const isRef = (v: any) => output !== undefined && v?.['Fn::GetStackOutput']?.StackName === stack && v['Fn::GetStackOutput'].OutputName === output;
  const refsIn = (v: unknown): number => (isRef(v) ? 1 : v && typeof v === 'object' ? Object.values(v).reduce((n: number, x) => n + refsIn(x), 0) : 0);
  const quarantine = synth.vend.organization.resolve(synth.vend.organization.ouId(QUARANTINE_KEY));
  const assignments = resourcesOfType(template, 'AWS::SSO::Assignment').filter(([, a]) => a.Properties.TargetId['Fn::GetAtt']?.[0] === logicalId).length;
  let baselineInstances = 0;
  let popPrincipals = 0;
  for (const [, t] of synth.all()) {
    for (const [, set] of resourcesOfType(t, 'AWS::CloudFormation::StackSet')) {
      const name = String(set.Properties.StackSetName);
      if (name.startsWith('vend-baseline-')) baselineInstances += set.Properties.StackInstancesGroup.filter((g: any) => refsIn(g.DeploymentTargets) > 0).length;
      if (name.startsWith('vend-pop-access-')) popPrincipals += refsIn(set.Properties.Parameters);
    }
  }
  return { inQuarantine: account.Properties.ParentIds.length === 1 && JSON.stringify(readThrough(synth, account.Properties.ParentIds[0])) === JSON.stringify(quarantine), assignments, baselineInstances, popPrincipals, output: output !== undefined };
}

test('the generated catalog decommissions a PoP and Spaces that still list access entries', () => {
  const units = decommissioned.map((n) => synth.vend.model.unit(n)!);
  expect(new Set(units.map((u) => u.kind))).toEqual(new Set(['PoP', 'Space']));
  expect(units.every((u) => u.lifecycle === 'decommissioned' && u.access.length > 0)).toBe(true);
});

test('every decommissioned account: in Quarantine, no Identity Center assignment, no PoP principal, no baseline stack instance', () => {
  for (const unit of decommissioned.map((n) => synth.vend.model.unit(n)!)) {
    expect([unit.name, declared(unit)]).toEqual([unit.name, { inQuarantine: true, assignments: 0, baselineInstances: 0, popPrincipals: 0, output: false }]);
  }
});

test('every active account: at home, one assignment per access entry, one baseline instance, and a principal of its PoP', () => {
  const active = synth.vend.model.units.filter((u) => u.cloud === 'aws' && u.lifecycle === 'active');
  expect(active.length).toBeGreaterThan(10);
  for (const unit of active) {
    const reachesPop = unit.kind === 'Space' && unit.network?.pop !== undefined;
    expect([unit.name, declared(unit)]).toEqual([unit.name, { inQuarantine: false, assignments: unit.access.length, baselineInstances: 1, popPrincipals: reachesPop ? 1 : 0, output: true }]);
  }
});
