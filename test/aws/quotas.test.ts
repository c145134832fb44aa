/**
 * CloudFormation quotas as data (lib/model/quotas.ts): `vend validate` predicts the management
 * account's stacks, StackSets and accounts-stack sizes from the catalog, and synth measures the
 * real assembly against the same quotas. The prediction must match what synth builds.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { checkStackLimits, stackSizes, StackLimitError, synthesizeAws } from '../../lib/aws';
import { loadModel, predictAwsFootprint, writeGeneratedCatalog, type VendModel } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize } from './support';

function generated(units: number): VendModel {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-quota-')), 'catalog');
  writeGeneratedCatalog(dir, { units, cloud: 'mixed' });
  return loadModel({ catalogDir: dir });
}

describe.each([
  ['the bundled catalog', bundledModel],
  ['a generated 200-unit mixed catalog', () => generated(200)],
])('the predicted CloudFormation footprint of %s', (_label, make) => {
  test('equals the synthesized assembly: stacks, StackSets, and each accounts stack\'s resources and parameters', () => {
    const model = make();
    const synth = synthesize(model);
    const predicted = predictAwsFootprint(model.units, model.catalog.organization.spec);
    const templates = [...synth.all().values()];
    const stackSets = templates.flatMap((t) => resourcesOfType(t, 'AWS::CloudFormation::StackSet'));
    expect({ stacks: predicted.stacks, stackSets: predicted.stackSets }).toEqual({ stacks: synth.assembly.stacks.length, stackSets: stackSets.length });
    expect(predicted.largestStackSet).toBe(Math.max(...stackSets.map(([, r]) => (r.Properties.StackInstancesGroup ?? []).length)));
    const sizes = new Map(stackSizes(synth.assembly).map((s) => [s.stack, s]));
    expect(predicted.accountsStacks.length).toBeGreaterThan(0);
    for (const stack of predicted.accountsStacks) {
      const real = sizes.get(stack.stack)!;
      expect({ name: stack.stack, resources: stack.resources, parameters: stack.parameters }).toEqual({ name: stack.stack, resources: real.resources, parameters: real.parameters });
      expect(real.outputs).toBeLessThanOrEqual(stack.outputs);
    }
  });
});

describe('synth against the quotas', () => {
  test('fails, naming each problem, when the organization\'s quotas are lower than what the catalog needs', () => {
    const model = bundledModel();
    const org = model.catalog.organization;
    const tight: VendModel = {
      ...model,
      catalog: { ...model.catalog, organization: { ...org, spec: { ...org.spec, quotas: { cloudFormationStackSets: 5, cloudFormationParametersPerTemplate: 2 } } } },
    };
    const outdir = mkdtempSync(path.join(tmpdir(), 'vend-quota-synth-'));
    let error: unknown;
    try {
      synthesizeAws(tight, { outdir, nag: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StackLimitError);
    const problems = (error as StackLimitError).problems.map((d) => d.message);
    expect(problems).toContainEqual(expect.stringMatching(/^\d+ StackSets in the management account; CloudFormation allows 5 /));
    expect(problems).toContainEqual(expect.stringMatching(/^Vend-Accounts-prod-Central-00 has 4 parameters; CloudFormation accepts 2$/));
  });

  test('reports parameters and bytes over CloudFormation\'s per-template quotas', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'vend-quota-tpl-')) });
    const stack = new Stack(app, 'Wide');
    for (let i = 0; i < 201; i++) new CfnParameter(stack, `P${i}`, { type: 'String', default: 'x'.repeat(5_000) });
    new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
    const problems = checkStackLimits(app.synth()).map((d) => d.message);
    expect(problems).toContain('Wide has 202 parameters; CloudFormation accepts 200');
    expect(problems).toContainEqual(expect.stringMatching(/^Wide is \d+ bytes; CloudFormation accepts 1000000$/));
  });
});
