import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Aws, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { resolvedForm, StackOutputs } from '../../lib/aws/stack-outputs';

const env = { account: '111111111111', region: 'eu-west-1' };

function fixture() {
  const outdir = mkdtempSync(path.join(tmpdir(), 'vend-stack-outputs-'));
  const app = new App({ outdir, analyticsReporting: false, treeMetadata: false });
  const producer = new Stack(app, 'Producer', { env });
  const thing = new CfnResource(producer, 'Thing', { type: 'AWS::Organizations::OrganizationalUnit', properties: { Name: 'x', ParentId: 'r-abcd' } });
  const published = new StackOutputs(producer);
  const consumer = new Stack(app, 'Consumer', { env });
  const other = new Stack(app, 'Other', { env });
  return { outdir, app, producer, consumer, other, published, value: thing.getAtt('Id').toString() };
}

describe('published values', () => {
  test('read in another stack: Fn::GetStackOutput of an output named as asked, the producer a dependency once', () => {
    const f = fixture();
    try {
      // Once per consumer: aws-cdk-lib's cycle check walks the stack graph on every call.
      const added = jest.spyOn(f.consumer, 'addStackDependency');
      for (let i = 0; i < 3; i++) new CfnOutput(f.consumer, `Use${i}`, { value: f.published.read(f.consumer, 'OuIdDev', f.value) });
      expect(added).toHaveBeenCalledTimes(1);
      new CfnOutput(f.other, 'Use', { value: f.published.read(f.other, 'OuIdDev', f.value) });
      const assembly = f.app.synth();
      const producer = assembly.getStackByName('Producer').template;
      expect(producer.Outputs).toEqual({ OuIdDev: { Value: { 'Fn::GetAtt': ['Thing', 'Id'] } } });
      const read = { 'Fn::GetStackOutput': { StackName: 'Producer', Region: 'eu-west-1', OutputName: 'OuIdDev' } };
      expect(assembly.getStackByName('Consumer').template.Outputs).toEqual({ Use0: { Value: read }, Use1: { Value: read }, Use2: { Value: read } });
      expect(assembly.getStackByName('Other').template.Outputs).toEqual({ Use: { Value: read } });
      expect(f.consumer.dependencies).toEqual([f.producer]);
      expect(assembly.getStackByName('Consumer').dependencies.map((d) => d.id)).toContain('Producer');
    } finally {
      rmSync(f.outdir, { recursive: true, force: true });
    }
  });

  test('read in the producer: the value itself, no output', () => {
    const f = fixture();
    try {
      new CfnOutput(f.producer, 'Own', { value: f.published.read(f.producer, 'OuIdDev', f.value) });
      const template = f.app.synth().getStackByName('Producer').template;
      expect(template.Outputs).toEqual({ Own: { Value: { 'Fn::GetAtt': ['Thing', 'Id'] } } });
      expect(f.producer.dependencies).toEqual([]);
    } finally {
      rmSync(f.outdir, { recursive: true, force: true });
    }
  });

  test('readAnywhere: each stack that uses the token reads it as read would, decided where it is used', () => {
    const f = fixture();
    try {
      const anywhere = f.published.readAnywhere('OuIdDev', f.value);
      new CfnOutput(f.producer, 'Own', { value: anywhere });
      new CfnOutput(f.consumer, 'Use', { value: `ou=${anywhere}` });
      const assembly = f.app.synth();
      expect(assembly.getStackByName('Producer').template.Outputs).toEqual({
        Own: { Value: { 'Fn::GetAtt': ['Thing', 'Id'] } },
        OuIdDev: { Value: { 'Fn::GetAtt': ['Thing', 'Id'] } },
      });
      expect(assembly.getStackByName('Consumer').template.Outputs).toEqual({
        Use: { Value: { 'Fn::Join': ['', ['ou=', { 'Fn::GetStackOutput': { StackName: 'Producer', Region: 'eu-west-1', OutputName: 'OuIdDev' } }]] } },
      });
      expect(assembly.getStackByName('Consumer').dependencies.map((d) => d.id)).toContain('Producer');
      expect(assembly.getStackByName('Other').dependencies.map((d) => d.id)).not.toContain('Producer');
    } finally {
      rmSync(f.outdir, { recursive: true, force: true });
    }
  });

  test('refuses two values under one name and names that are not logical ids', () => {
    const f = fixture();
    f.published.read(f.consumer, 'OuIdDev', f.value);
    expect(() => f.published.read(f.consumer, 'OuIdDev', 'ou-other')).toThrow("Producer publishes two values as output 'OuIdDev'");
    expect(() => f.published.read(f.consumer, 'Ou-Id', f.value)).toThrow("output name 'Ou-Id' of Producer is not a CloudFormation logical id");
    rmSync(f.outdir, { recursive: true, force: true });
  });
});

describe('resolvedForm', () => {
  test('a whole-string token becomes the object it stands for; literal text and concatenations stay strings', () => {
    const f = fixture();
    try {
      const token = f.published.read(f.consumer, 'OuIdDev', f.value);
      const read = resolvedForm(token);
      expect(typeof read).toBe('object');
      expect(f.consumer.resolve(read)).toEqual({ 'Fn::GetStackOutput': { StackName: 'Producer', Region: 'eu-west-1', OutputName: 'OuIdDev' } });
      expect(resolvedForm('ou-abcd-12345678')).toBe('ou-abcd-12345678');
      const joined = `arn:${Aws.PARTITION}:iam::${token}:root`;
      expect(resolvedForm(joined)).toBe(joined);
      expect(resolvedForm(`${token}-suffix`)).toBe(`${token}-suffix`);
    } finally {
      rmSync(f.outdir, { recursive: true, force: true });
    }
  });
});
