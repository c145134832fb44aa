/**
 * cfn-guard with AWS Control Tower's proactive controls (`@cdklabs/cdk-validator-cfnguard`, its
 * bundled binary and rules, offline), given only the templates some control can concern.
 *
 * Each control is written for resource types (`Resources.*[ Type == 'AWS::S3::Bucket' ]`), so a
 * template holding none of the types any rule file names can only be skipped by every rule. The
 * binary still takes about a second per template to find that out (a 2,000-unit catalog's 266
 * templates: 335 s), and 253 of them are accounts and StackSet stacks no control is written for.
 * The set of types is read from the rule files themselves, and a rule file that names no type makes
 * this refuse to filter at all. The bundled catalog's test holds the filtered report equal to the
 * unfiltered one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import type { VendAwsApp } from '../../lib/aws';

const RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules/control-tower/cfn-guard');
const TYPE = /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g;

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? ruleFiles(file) : name.endsWith('.guard') ? [file] : [];
  });
}

/** Every resource type some Control Tower rule names, or an error naming the rule that names none. */
export function controlTowerRuleTypes(): ReadonlySet<string> {
  const files = ruleFiles(RULES);
  if (files.length === 0) throw new Error(`no cfn-guard rules under ${RULES}`);
  const types = new Set<string>();
  for (const file of files) {
    const named = readFileSync(file, 'utf8').match(TYPE);
    if (!named) throw new Error(`${file} names no resource type: filtering templates by type would skip what it checks`);
    for (const t of named) types.add(t);
  }
  return types;
}

export function templateTypes(templatePath: string): string[] {
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as { Resources?: Record<string, { Type?: string }> };
  return [...new Set(Object.values(template.Resources ?? {}).map((r) => r.Type ?? ''))];
}

export class ControlTowerGuard extends CfnGuardValidator {
  private readonly types = controlTowerRuleTypes();
  /** Templates given to cfn-guard, and those left out (with their types as read) because no rule concerns them. */
  readonly checked: string[] = [];
  readonly skipped: Array<{ template: string; types: string[] }> = [];

  override validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const relevant: string[] = [];
    for (const template of context.templatePaths) {
      const types = templateTypes(template);
      if (types.some((t) => this.types.has(t))) relevant.push(template);
      else this.skipped.push({ template, types });
    }
    this.checked.push(...relevant);
    // with no template at all the binary would read its data from standard input
    if (relevant.length === 0) return { success: true, violations: [] };
    return super.validate({ ...context, templatePaths: relevant });
  }
}

export interface GuardSuppressed {
  ruleName: string;
  reason: string;
  acknowledgedAt: string;
  violatingConstructs: Array<{ constructPath: string }>;
}
export interface GuardReport {
  pluginName: string;
  conclusion: string;
  violations: unknown[];
  suppressedViolations?: GuardSuppressed[];
}

/**
 * cfn-guard's reports on a synthesized AWS app: the management stacks' (the assembly's
 * validation-report.json) and the member-account templates' (the template library's own report).
 */
export function guardReports(vend: VendAwsApp, assemblyDirectory: string): { main: GuardReport; library: GuardReport } {
  const isGuard = (r: { pluginName: string }) => r.pluginName === 'cdk-validator-cfnguard';
  const report = JSON.parse(readFileSync(path.join(assemblyDirectory, 'validation-report.json'), 'utf8')) as { pluginReports: GuardReport[] };
  return { main: report.pluginReports.find(isGuard)!, library: vend.library.validationReport!.pluginReports.find(isGuard) as unknown as GuardReport };
}

/** Every Control Tower rule vend acknowledges somewhere, and why it is not a real gap there. */
export const ACKNOWLEDGED = new Map<string, string>([
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
