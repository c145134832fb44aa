/**
 * AWS Control Tower's proactive controls, evaluated by cfn-guard (`@cdklabs/cdk-validator-cfnguard`,
 * its bundled binary and rules, offline) as a CDK policy-validation plugin over every
 * management-account stack and every member-account template. A finding fails synthesis unless it
 * is acknowledged on the construct it concerns, with a reason; the acknowledged rules are listed
 * here so a new one needs review.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { VendAwsApp } from '../../lib/aws';
import { bundledModel } from './support';

interface Suppressed {
  ruleName: string;
  reason: string;
  acknowledgedAt: string;
  violatingConstructs: Array<{ constructPath: string }>;
}
interface Report {
  pluginReports: Array<{ pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations?: Suppressed[] }>;
}

/** Every Control Tower rule vend acknowledges somewhere, and why it is not a real gap there. */
const ACKNOWLEDGED = new Map<string, string>([
  ['acm_certificate_domain_name_check', 'the PoP certificate\'s single name is an Fn::Join the rule cannot evaluate'],
  ['elbv2_deletion_protection_enabled_check', 'PoP load balancers must be deletable (DECISIONS.md §3)'],
  ['elbv2_logging_enabled_check', 'PoP access logging is on, to a bucket named by Fn::Join'],
  ['guardduty_s3_protection_enabled_check', 'S3 protection is the S3_DATA_EVENTS feature, not the old DataSources'],
  ['lambda_inside_vpc_check', 'deploy-time functions: aws-cdk-lib\'s AwsCustomResource provider and the account-settings function'],
  ['cloudwatch_log_group_encrypted_check', 'the AwsCustomResource provider\'s own log group'],
  ['s3_bucket_logging_enabled_check', 'object access is recorded by the organization trail\'s data events'],
  ['s3_event_notifications_enabled_check', 'no consumer for bucket events'],
  ['s3_bucket_object_lock_enabled_check', 'tenant data must stay deletable; ELB log delivery and Object Lock are unproven together'],
]);

function guardReport(directory: string): Report['pluginReports'][number] {
  const report = JSON.parse(readFileSync(path.join(directory, 'validation-report.json'), 'utf8')) as Report;
  return report.pluginReports.find((r) => r.pluginName === 'cdk-validator-cfnguard')!;
}

describe('cfn-guard with the AWS Control Tower proactive controls', () => {
  test('is really on: it fails an unencrypted, unlogged bucket with the same plugin', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'vend-guard-bad-')) });
    Validations.of(app).addPlugins(new CfnGuardValidator());
    new CfnResource(new Stack(app, 'Bad'), 'Bucket', { type: 'AWS::S3::Bucket', properties: {} });
    expect(() => app.synth()).toThrow(/CT\.S3\.PR\.\d+/);
  });

  describe('on the bundled catalog', () => {
    let main: Report['pluginReports'][number];
    let library: Report['pluginReports'][number];
    beforeAll(() => {
      const vend = new VendAwsApp(bundledModel(), {
        outdir: mkdtempSync(path.join(tmpdir(), 'vend-guard-')),
        validationPlugins: [new CfnGuardValidator()],
      });
      const assembly = vend.app.synth();
      main = guardReport(assembly.directory);
      library = vend.library.validationReport!.pluginReports.find((r) => r.pluginName === 'cdk-validator-cfnguard') as typeof main;
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

    test('acknowledges exactly the rules reviewed here (a new acknowledgement needs a line in this file)', () => {
      const rules = new Set([...(main.suppressedViolations ?? []), ...(library.suppressedViolations ?? [])].map((s) => s.ruleName));
      expect([...rules].sort()).toEqual([...ACKNOWLEDGED.keys()].sort());
    });
  });
});
