/**
 * The first "done when", on a generated 2,000-unit AWS catalog (one synthesis, the heavy
 * test of this folder): zero StackSet parameter clashes although shards hold many accounts,
 * subnets pinned by Availability Zone id, every template and the management account within
 * CloudFormation's quotas, an access-log bucket in every PoP region, and AWS Control Tower's
 * proactive controls (cfn-guard) passing or acknowledged as on the bundled catalog.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkStackLimits, templateStackSetProblems } from '../../lib/aws';
import { loadModel, predictAwsFootprint, quotasOf, writeGeneratedCatalog, type VendModel } from '../../lib/model';
import { resourcesOfType, synthesize, type CfnTemplate, type Synthesized } from './support';
import { ACKNOWLEDGED, ControlTowerGuard, controlTowerRuleTypes, guardReports } from '../support/control-tower-guard';

let model: VendModel;
let synth: Synthesized;
const guard = new ControlTowerGuard();
beforeAll(() => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-scale-')), 'catalog');
  writeGeneratedCatalog(dir, { units: 2000, cloud: 'aws' });
  model = loadModel({ catalogDir: dir });
  synth = synthesize(model, { validationPlugins: [guard] });
}, 300_000);

const stackSets = () => [...synth.all().entries()].flatMap(([name, t]) => resourcesOfType(t, 'AWS::CloudFormation::StackSet').map(([, r]) => ({ name, props: r.Properties })));

describe('a generated 2,000-unit AWS catalog', () => {
  test('has shards of many accounts, and no StackSet the handler would refuse', () => {
    const largest = Math.max(...stackSets().filter((s) => s.props.StackSetName.startsWith('vend-baseline-')).map((s) => s.props.StackInstancesGroup.length));
    expect(largest).toBeGreaterThanOrEqual(20);
    for (const [name, template] of synth.all()) expect({ name, problems: templateStackSetProblems(template) }).toEqual({ name, problems: [] });
  });

  test('pins every subnet of every baseline by Availability Zone id', () => {
    let subnets = 0;
    for (const { props } of stackSets()) {
      const body = JSON.parse(props.TemplateBody) as CfnTemplate;
      for (const [, subnet] of resourcesOfType(body, 'AWS::EC2::Subnet')) {
        subnets++;
        expect(subnet.Properties.AvailabilityZone).toBeUndefined();
        expect(subnet.Properties.AvailabilityZoneId['Fn::FindInMap'][0]).toBe('AvailabilityZoneIds');
      }
    }
    expect(subnets).toBeGreaterThan(0);
  });

  test('keeps every template, every StackSet body and the management account within CloudFormation\'s quotas, as validate predicted', () => {
    expect(checkStackLimits(synth.assembly, quotasOf(model.catalog.organization.spec)).map((d) => d.message)).toEqual([]);
    const predicted = predictAwsFootprint(model.units, model.catalog.organization.spec);
    expect({ stacks: predicted.stacks, stackSets: predicted.stackSets }).toEqual({ stacks: synth.assembly.stacks.length, stackSets: stackSets().length });
  });

  test('gives every PoP region, the Central one or not, an access-log bucket', () => {
    const central = model.units.find((u) => u.kind === 'Central')!.region;
    const popRegions = new Set(model.units.filter((u) => u.kind === 'PoP').map((u) => u.region));
    expect([...popRegions].some((r) => r !== central)).toBe(true);
    const logs = stackSets().find((s) => s.props.StackSetName === 'vend-access-logs')!;
    expect(logs.props.StackInstancesGroup.flatMap((g: any) => g.Regions).sort()).toEqual([...popRegions].sort());
  });

  test('passes AWS Control Tower\'s proactive controls (cfn-guard): every finding acknowledged on its construct, the rules the bundled catalog acknowledges', () => {
    const { main, library } = guardReports(synth.vend, synth.assembly.directory);
    expect(main).toMatchObject({ conclusion: 'success', violations: [] });
    expect(library).toMatchObject({ conclusion: 'success', violations: [] });
    const rules = new Set([...(main.suppressedViolations ?? []), ...(library.suppressedViolations ?? [])].map((v) => v.ruleName));
    expect([...rules].sort()).toEqual([...ACKNOWLEDGED.keys()].sort());
    // what was left out holds no type any control is written for; what was checked includes every shard kind that has one
    const types = controlTowerRuleTypes();
    for (const { template, types: held } of guard.skipped) expect({ template, concerned: held.filter((t) => types.has(t)) }).toEqual({ template, concerned: [] });
    expect(guard.checked.length + guard.skipped.length).toBeGreaterThanOrEqual(synth.assembly.stacks.length);
    expect(guard.checked.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['Vend-Security.template.json', expect.stringMatching(/^Vend-Baseline-prod-PoPs-\d+\.template\.json$/)]));
  });
});
