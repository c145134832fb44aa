import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CachedCloudFormationValidation, cloudFormationValidation } from '../validation/cached-validation';
import { App, DefaultStackSynthesizer, Stack, Validations, type IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { pascalId, type TemplateSpec, type UnitKind } from '../../model';
import { MAX_STACKSET_TEMPLATE_BYTES } from '../topology';
import type { AwsLogDeliveryTrust } from '../../model/cross-cloud-trust';
import { AzureLogDeliveryStack, AzureOidcProviderStack } from '../cross-cloud/azure-trust-templates';
import { AccessLogBucketTemplateStack } from '../logging/access-log-bucket-template';
import { PopAccessTemplateStack, RegionalSecurityStack, SecurityAdminStack } from './service-templates';
import { UnitBaselineStack, type PopNaming } from './unit-baseline-stack';
import FEATURE_FLAGS from '../feature-flags.json';

/**
 * Feature flags the app and its templates are built with: the flags aws-cdk-lib 2.276 recommends for
 * new projects (what `cdk init` writes), pinned in feature-flags.json so that upgrading aws-cdk-lib
 * never changes deployed resources by itself; adopt new recommendations deliberately.
 */
export const TEMPLATE_FEATURE_FLAGS: Record<string, unknown> = FEATURE_FLAGS;

export interface TemplateLibraryProps {
  /** The baseline block of each kind's template, for the kinds that have AWS units. */
  readonly baselines: ReadonlyMap<UnitKind, TemplateSpec['baseline']>;
  /** organization.yaml `aws.availabilityZoneIds`, shared by every baseline template. */
  readonly availabilityZoneIds: Readonly<Record<string, readonly string[]>>;
  /** The organization's name (bucket names). */
  readonly organization: string;
  /** The organization's regions other than the Central unit's (Security Hub's linked regions). */
  readonly linkedRegions: readonly string[];
  /**
   * organization.yaml `aws.pops`: how Spaces reach PoPs by name.
   * @default - no AWS PoPs
   */
  readonly pops?: PopNaming;
  /**
   * Run cdk-nag (AWS Solutions) over the templates; synthesis fails on unacknowledged findings.
   * @default false
   */
  readonly nag?: boolean;
  /**
   * The AWS side of the Azure Spaces' log delivery: the Entra tenant and, per shard (by slug),
   * the trust of each Azure Space.
   * @default - no Azure Spaces deliver to AWS
   */
  readonly azureLogDelivery?: {
    readonly issuer: string;
    readonly audience: string;
    readonly shards: ReadonlyMap<string, ReadonlyMap<string, AwsLogDeliveryTrust>>;
  };
  /**
   * aws-cdk-lib's CloudFormation validator over the templates, findings as errors: the engine to
   * use (VendAwsApp shares one with its main app), or false for none.
   * @default - a CachedCloudFormationValidation of its own (none when `CDK_VALIDATION=false`)
   */
  readonly validation?: CachedCloudFormationValidation | false;
  /**
   * More policy-validation plugins to run over the templates.
   * @default - none
   */
  readonly validationPlugins?: IPolicyValidationPluginBeta1[];
}

/**
 * The CloudFormation templates that StackSets stamp into member accounts, built from real CDK
 * constructs in a private App (member accounts are never bootstrapped, so these templates carry no
 * bootstrap rule and no assets) and handed to the StackSets as template bodies.
 */
export class TemplateLibrary {
  readonly app: App;
  readonly baselineStacks = new Map<UnitKind, UnitBaselineStack>();
  readonly securityAdmin: SecurityAdminStack;
  readonly popAccess: PopAccessTemplateStack;
  readonly regionalSecurity: RegionalSecurityStack;
  readonly accessLogBucket: AccessLogBucketTemplateStack;
  readonly azureOidcProvider?: AzureOidcProviderStack;
  /** Azure log-delivery role templates by shard slug. */
  readonly azureLogDelivery = new Map<string, AzureLogDeliveryStack>();
  private bodies?: Map<string, string>;
  /** The validation report of the templates (aws-cdk-lib's validator and cdk-nag), once synthesized. */
  validationReport?: { pluginReports: Array<{ pluginName: string; violations?: unknown[] }> };
  private readonly outdir: string;

  constructor(props: TemplateLibraryProps) {
    // An explicit outdir: under `cdk synth` CDK_OUTDIR points at the main app's cdk.out.
    this.outdir = mkdtempSync(path.join(tmpdir(), 'vend-templates-'));
    this.app = new App({
      outdir: this.outdir,
      context: { ...TEMPLATE_FEATURE_FLAGS, '@aws-cdk/core:validateAgainstDefaultRules': true },
      analyticsReporting: false,
      // No tree.json: only the bodies are read from this assembly (vend-aws-app.ts says who reads it).
      treeMetadata: false,
      // Instead of the built-in validator: the same validator, each distinct template once (cached-validation.ts).
      builtinCloudFormationValidation: false,
    });
    const synthesizer = () => new DefaultStackSynthesizer({ generateBootstrapVersionRule: false });
    for (const [kind, baseline] of [...props.baselines.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      this.baselineStacks.set(
        kind,
        new UnitBaselineStack(this.app, `${pascalId(kind)}Baseline`, {
          kind,
          baseline,
          availabilityZoneIds: props.availabilityZoneIds,
          organization: props.organization,
          pops: props.pops,
          synthesizer: synthesizer(),
        }),
      );
    }
    const services = props.baselines.get('Central')?.securityServices;
    this.securityAdmin = new SecurityAdminStack(this.app, 'SecurityAdmin', { services, linkedRegions: props.linkedRegions, synthesizer: synthesizer() });
    this.popAccess = new PopAccessTemplateStack(this.app, 'PopAccess', { synthesizer: synthesizer() });
    this.regionalSecurity = new RegionalSecurityStack(this.app, 'RegionalSecurity', {
      guardDutyFeatures: services?.guardDutyFeatures,
      synthesizer: synthesizer(),
    });
    this.accessLogBucket = new AccessLogBucketTemplateStack(this.app, 'AccessLogBucket', { synthesizer: synthesizer() });
    const azure = props.azureLogDelivery;
    if (azure && azure.shards.size > 0) {
      this.azureOidcProvider = new AzureOidcProviderStack(this.app, 'AzureOidcProvider', {
        issuer: azure.issuer,
        audience: azure.audience,
        synthesizer: synthesizer(),
      });
      for (const [slug, spaces] of azure.shards) {
        this.azureLogDelivery.set(
          slug,
          new AzureLogDeliveryStack(this.app, `AzureLogDelivery-${slug}`, { spaces, synthesizer: synthesizer() }),
        );
      }
    }
    if (props.nag) Validations.of(this.app).addPlugins(new AwsSolutionsChecks(this.app));
    if (props.validationPlugins?.length) Validations.of(this.app).addPlugins(...props.validationPlugins);
    const validation = props.validation ?? cloudFormationValidation();
    if (validation) Validations.of(this.app).addPlugins(validation);
  }

  /** The minified template of one of the library's stacks, as a StackSet TemplateBody. */
  body(stack: Stack): string {
    if (!this.bodies) this.bodies = this.synthesize();
    const body = this.bodies.get(stack.artifactId);
    if (body === undefined) throw new Error(`no template for stack '${stack.artifactId}' in the template library`);
    return body;
  }

  private synthesize(): Map<string, string> {
    try {
      const assembly = this.app.synth({ force: true });
      const reportFile = path.join(assembly.directory, 'validation-report.json');
      if (existsSync(reportFile)) this.validationReport = JSON.parse(readFileSync(reportFile, 'utf8'));
      const bodies = new Map<string, string>();
      for (const artifact of assembly.stacks) {
        const body = JSON.stringify(artifact.template);
        if (Buffer.byteLength(body) > MAX_STACKSET_TEMPLATE_BYTES) {
          throw new Error(
            `template '${artifact.stackName}' is ${Buffer.byteLength(body)} bytes; a StackSet template body is limited to ${MAX_STACKSET_TEMPLATE_BYTES}`,
          );
        }
        bodies.set(artifact.id, body);
      }
      return bodies;
    } finally {
      rmSync(this.outdir, { recursive: true, force: true });
    }
  }
}
