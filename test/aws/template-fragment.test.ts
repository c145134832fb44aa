import { App, CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { pascalId } from '../../lib/model';
import { logicalIdAt } from '../../lib/aws/fragments/logical-id';
import { TemplateFragment } from '../../lib/aws/fragments/template-fragment';
import { bundledModel, resourcesOfType, synthesize } from './support';

/** The logical id aws-cdk-lib gives a `CfnResource` at `path` below a stack. */
function cdkLogicalId(path: readonly string[]): string {
  const stack = new Stack(new App(), 'S');
  let scope: Construct = stack;
  for (const id of path.slice(0, -1)) scope = new Construct(scope, id);
  return stack.getLogicalId(new CfnResource(scope, path[path.length - 1], { type: 'AWS::SNS::Topic' }));
}

describe('logical ids', () => {
  const paths: string[][] = [
    ['Space00024Dev', 'Account'],
    ['Space00024Dev', 'AccessSpaceOperatorsContributor'],
    ['Topic'], // one component: used as is
    ['my-topic.v2'], // one component: letters and digits only
    ['Unit', 'Default'], // `Default` dropped, leaving one component
    ['Unit', 'Default', 'Account'],
    ['Unit', 'Resource'], // `Resource` hidden from the readable part, kept in the hash
    ['Bucket', 'Bucket'], // a repeat dropped from the readable part
    ['MyBucket', 'Bucket', 'Policy'],
    ['with space', 'and:colon', 'x'],
    ['A'.repeat(300)], // one component over 255: hashed
    ['B'.repeat(200), 'C'.repeat(100)], // readable part cut at 240
  ];
  test.each(paths.map((p) => [p.join('/').slice(0, 60), p]))('%s: the id aws-cdk-lib allocates', (_, path) => {
    expect(logicalIdAt(path)).toBe(cdkLogicalId(path));
  });

  test('an empty path has no id', () => {
    expect(() => logicalIdAt(['Default'])).toThrow(/at least one/);
  });
});

describe('template fragments', () => {
  test('merge into the template with their tokens resolved, and add nothing when empty', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const param = new CfnParameter(stack, 'Name', { type: 'String' });
    const fragment = new TemplateFragment(stack, 'Units', 'Resources');
    new TemplateFragment(stack, 'Nothing', 'Outputs');
    fragment.add('TopicA', { Type: 'AWS::SNS::Topic', Properties: { TopicName: param.valueAsString } });
    const template = app.synth().getStackByName('S').template;
    expect(template.Resources).toEqual({ TopicA: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Name' } } } });
    expect(template.Outputs).toBeUndefined();
  });

  test('refuse a second entry with one logical id', () => {
    const app = new App();
    const fragment = new TemplateFragment(new Stack(app, 'S'), 'Units', 'Resources');
    fragment.add('TopicA', { Type: 'AWS::SNS::Topic' });
    expect(() => fragment.add('TopicA', { Type: 'AWS::SQS::Queue' })).toThrow(/S: two Resources entries with logical id 'TopicA'/);
    // the first entry stands
    expect(app.synth().getStackByName('S').template.Resources).toEqual({ TopicA: { Type: 'AWS::SNS::Topic' } });
  });
});

describe('accounts written as data keep the ids of their constructs', () => {
  // Deployed accounts and assignments were declared as `CfnResource`s at `<Unit>/Account` and
  // `<Unit>/Access<Group><Role>`: a different id would make CloudFormation create a second account.
  test('every account and assignment of the bundled catalog has the id aws-cdk-lib gave it at its path', () => {
    const model = bundledModel();
    const synth = synthesize(model);
    const expected = new Set<string>();
    const declared = new Set<string>();
    for (const unit of model.units.filter((u) => u.cloud === 'aws')) {
      if (!unit.adopted) expected.add(cdkLogicalId([pascalId(unit.name), 'Account']));
      if (unit.lifecycle === 'active') for (const a of unit.access) expected.add(cdkLogicalId([pascalId(unit.name), `Access${pascalId(a.group)}${pascalId(a.role)}`]));
    }
    for (const template of synth.all().values()) {
      for (const type of ['AWS::Organizations::Account', 'AWS::SSO::Assignment']) for (const [id] of resourcesOfType(template, type)) declared.add(id);
    }
    expect(expected.size).toBeGreaterThan(10);
    expect([...declared].sort()).toEqual([...expected].sort());
    // One id as deployed from the bundled catalog, pinned as a value.
    expect(declared).toContain('PopEuDevAccountBB773C6A');
  });
});
