/**
 * AWS Control Tower's proactive controls, evaluated by cfn-guard (`@cdklabs/cdk-validator-cfnguard`,
 * its bundled binary and rules, offline) as a CDK policy-validation plugin over every
 * management-account stack and every member-account template. A finding fails synthesis unless it
 * is acknowledged on the construct it concerns, with a reason; the acknowledged rules are listed
 * in test/support/control-tower-guard.ts (ACKNOWLEDGED) so a new one needs review.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { VendAwsApp } from '../../lib/aws';
import { bundledModel } from './support';
import { ACKNOWLEDGED, ControlTowerGuard, guardReports, type GuardReport } from '../support/control-tower-guard';

describe('cfn-guard with the AWS Control Tower proactive controls', () => {
  test('is really on: it fails an unencrypted, unlogged bucket with the same plugin', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'vend-guard-bad-')) });
    Validations.of(app).addPlugins(new CfnGuardValidator());
    new CfnResource(new Stack(app, 'Bad'), 'Bucket', { type: 'AWS::S3::Bucket', properties: {} });
    expect(() => app.synth()).toThrow(/CT\.S3\.PR\.\d+/);
  });

  describe('on the bundled catalog', () => {
    let main: GuardReport;
    let library: GuardReport;
    beforeAll(() => {
      const vend = new VendAwsApp(bundledModel(), {
        outdir: mkdtempSync(path.join(tmpdir(), 'vend-guard-')),
        validationPlugins: [new CfnGuardValidator()],
      });
      ({ main, library } = guardReports(vend, vend.app.synth().directory));
    });

    test('reports exactly what the plugin reports when given only the templates a control is written for (the filter the 2,000-unit test uses)', () => {
      const guard = new ControlTowerGuard();
      const vend = new VendAwsApp(bundledModel(), { outdir: mkdtempSync(path.join(tmpdir(), 'vend-guard-filtered-')), validationPlugins: [guard] });
      const { main: filtered, library: filteredLibrary } = guardReports(vend, vend.app.synth().directory);
      // the filter really leaves templates out, and keeps some
      expect(guard.skipped.length).toBeGreaterThan(0);
      expect(guard.checked.length).toBeGreaterThan(0);
      const findings = (r: GuardReport) => ({
        conclusion: r.conclusion,
        violations: r.violations,
        suppressed: (r.suppressedViolations ?? []).map((v) => `${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).sort().join(' ')}`).sort(),
      });
      expect(findings(filtered)).toEqual(findings(main));
      expect(findings(filteredLibrary)).toEqual(findings(library));
    });

    test('leaves no finding unacknowledged, in the management stacks and in the member-account templates', () => {
      expect(main).toMatchObject({ conclusion: 'success', violations: [] });
      expect(library).toMatchObject({ conclusion: 'success', violations: [] });
    });

    test('acknowledges findings only on the construct they concern, never on a whole stack or the app, with a reason', () => {
      const suppressed = [...(main.suppressedViolations ?? []), ...(library.suppressedViolations ?? [])];
      expect(suppressed.length).toBeGreaterThan(0);
      for (const s of suppressed) {
        expect({ rule: s.ruleName, at: s.acknowledgedAt, narrow: s.acknowledgedAt.split('/').length >= 2 }).toEqual({ rule: s.ruleName, at: s.acknowledgedAt, narrow: true });
        expect(s.reason.length).toBeGreaterThanOrEqual(20);
        for (const c of s.violatingConstructs) expect(c.constructPath.startsWith(`${s.acknowledgedAt}/`) || c.constructPath === s.acknowledgedAt).toBe(true);
      }
    });

    test('acknowledges exactly the rules reviewed in ACKNOWLEDGED (test/support/control-tower-guard.ts; a new acknowledgement needs a line there)', () => {
      const rules = new Set([...(main.suppressedViolations ?? []), ...(library.suppressedViolations ?? [])].map((s) => s.ruleName));
      expect([...rules].sort()).toEqual([...ACKNOWLEDGED.keys()].sort());
    });
  });
});
