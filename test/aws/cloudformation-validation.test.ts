/**
 * aws-cdk-lib's CloudFormation validator as vend runs it (cached-validation.ts: one engine for the
 * template library and the main app, each distinct template once), switched on for this file only
 * (the other tests run with CDK_VALIDATION=false for speed). `@aws-cdk/core:validateAgainstDefaultRules`
 * makes its findings errors, so synthesis throws on any of them.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { bundledModel, synthesize, type Synthesized } from './support';

const previous = process.env.CDK_VALIDATION;
beforeAll(() => {
  process.env.CDK_VALIDATION = 'true';
});
afterAll(() => {
  process.env.CDK_VALIDATION = previous;
});

describe('the CloudFormation validator', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize(bundledModel());
  });

  test('finds zero errors (and zero warnings) in the management-account stacks', () => {
    // The report is written only when a validation plugin ran; with nag off that is the validator.
    const report = JSON.parse(readFileSync(path.join(synth.assembly.directory, 'validation-report.json'), 'utf8'));
    const findings = report.pluginReports.flatMap((r: any) => r.violations ?? []);
    expect(findings).toEqual([]);
  });

  test('finds zero errors (and zero warnings) in the member-account templates', () => {
    // The library synthesizes and validates while the app is built; an error would have thrown. The
    // report exists only when a validation plugin ran (nag is off here, so: the validator).
    const report = synth.vend.library.validationReport;
    expect(report).toBeDefined();
    expect(report!.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  test('is really on, in both apps: every template went through the one shared validator', () => {
    const validator = synth.vend.cloudFormationValidation!;
    expect(validator).toBeDefined();
    const libraryStacks = synth.vend.library.app.node.children.filter((c) => Stack.isStack(c)).length;
    const { validated, fromRun, fromCache } = validator.stats;
    expect(validated + fromRun + fromCache).toBe(synth.assembly.stacks.length + libraryStacks);
  });

  test('rejects an invalid template with the same settings', () => {
    const app = new App({ builtinCloudFormationValidation: false, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    Validations.of(app).addPlugins(synth.vend.cloudFormationValidation!);
    const stack = new Stack(app, 'Invalid');
    // A subnet without its required VpcId.
    new CfnResource(stack, 'Subnet', { type: 'AWS::EC2::Subnet', properties: { CidrBlock: '10.0.0.0/24' } });
    expect(() => app.synth()).toThrow(/VpcId/);
  });
});
