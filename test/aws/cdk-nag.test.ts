import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { acknowledge } from '../../lib/aws';
import { synthesize, type Synthesized } from './support';

/** Every acknowledgement recorded on constructs under a scope: [path, rule id, reason]. */
function acknowledgements(scope: IConstruct): Array<[string, string, string]> {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => [c.node.path, id, reason] as [string, string, string])),
  );
}

describe('cdk-nag (AWS Solutions)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    // Synthesis itself fails on any unacknowledged finding, because the pack is a validation plugin.
    synth = synthesize(undefined, { nag: true });
  });

  test('finds nothing unacknowledged in the management-account stacks', () => {
    const report = new AwsSolutionsChecks(synth.vend.app).validateScope(synth.vend.app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('finds nothing unacknowledged in the templates stamped into member accounts', () => {
    const report = new AwsSolutionsChecks(synth.vend.library.app).validateScope(synth.vend.library.app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('every acknowledgement names a rule (cdk-nag, or a cfn-guard Control Tower rule) and gives a reason', () => {
    const all = [...acknowledgements(synth.vend.app), ...acknowledgements(synth.vend.library.app)];
    expect(all.length).toBeGreaterThan(0);
    for (const [where, id, reason] of all) {
      expect({ where, id }).toEqual({ where, id: expect.stringMatching(/^(Annotation::AwsSolutions-[A-Z]+\d+(\[.+\])?|cdk-validator-cfnguard::[a-z0-9_]+)$/) });
      expect(reason.trim().length).toBeGreaterThanOrEqual(20);
    }
  });

  test('no acknowledgement is app- or stack-wide', () => {
    for (const [where] of [...acknowledgements(synth.vend.app), ...acknowledgements(synth.vend.library.app)]) {
      expect(where.split('/').length).toBeGreaterThan(1);
    }
  });

  test('fails synthesis on an unacknowledged finding', () => {
    const app = new App();
    const stack = new Stack(app, 'Bad');
    new s3.Bucket(stack, 'Open', { enforceSSL: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });

  test('acknowledge() refuses a missing reason or a malformed rule id', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => acknowledge(stack, { id: 'AwsSolutions-S1', reason: 'ok' })).toThrow(/needs a reason/);
    expect(() => acknowledge(stack, { id: 'not a rule', reason: 'a perfectly long enough reason' })).toThrow(/is not a rule id/);
  });
});
