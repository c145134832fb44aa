/**
 * The first "done when", on a generated 2,000-unit AWS catalog (one synthesis, the heavy
 * test of this folder): zero StackSet parameter clashes although shards hold many accounts,
 * subnets pinned by Availability Zone id, every template and the management account within
 * CloudFormation's quotas, and an access-log bucket in every PoP region.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkStackLimits, templateStackSetProblems } from '../../lib/aws';
import { loadModel, predictAwsFootprint, quotasOf, writeGeneratedCatalog, type VendModel } from '../../lib/model';
import { resourcesOfType, synthesize, type CfnTemplate, type Synthesized } from './support';

let model: VendModel;
let synth: Synthesized;
beforeAll(() => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-scale-')), 'catalog');
  writeGeneratedCatalog(dir, { units: 2000, cloud: 'aws' });
  model = loadModel({ catalogDir: dir });
  synth = synthesize(model);
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
});
