// The AWS realization: turns the cloud-neutral model into a CDK app deployed from the management account.
import { quotasOf, type VendModel } from '../model';
import { checkStackLimits, StackLimitError } from './stack-limits';
import { reportStackProgress } from './synth-progress';
import { VendAwsApp, type VendAwsAppProps } from './vend-aws-app';

export * from './topology';
export * from './stack-limits';
export * from './vend-aws-app';
export * from './platform-lookups';
export * from './organization/organization-stack';
export * from './identity/identity-stack';
export * from './accounts/accounts-stack';
export * from './baseline/baseline-stack';
export * from './baseline/template-library';
export * from './baseline/unit-baseline-stack';
export * from './baseline/parameters';
export * from './baseline/unit-network';
export * from './baseline/pop-service';
export * from './baseline/pop-connection';
export * from './baseline/availability-zones';
export * from './logging/access-logs-stack';
export * from './logging/access-log-bucket-template';
export * from './network/pop-access-stack';
export * from './security/security-stack';
export * from './nag/acknowledgements';
export * from './stacksets/single-account-stack-set';
export * from './stacksets/self-managed';
export * from './stacksets/instance-groups';
export * from './cross-cloud/azure-log-delivery-role';
export * from './cross-cloud/azure-trust-templates';
export * from './cross-cloud/central-stack-set-stack';
export * from './baseline/service-templates';
export * from './baseline/security-data-lake';

export interface SynthesizeAwsOptions extends Omit<VendAwsAppProps, 'outdir'> {
  readonly outdir: string;
  /** Told about each stack as it is synthesized ("stack N of M: name"). @default silent */
  readonly progress?: (message: string) => void;
}

export interface SynthesizeAwsResult {
  readonly outdir: string;
  /** Stack names in the assembly, sorted. */
  readonly stacks: string[];
}

/**
 * Builds the AWS app for a model and writes its cloud assembly to `outdir`. Throws when cdk-nag or
 * the CloudFormation validator finds anything unacknowledged, or a stack breaks CloudFormation's limits.
 */
export function synthesizeAws(model: VendModel, options: SynthesizeAwsOptions): SynthesizeAwsResult {
  // cdk-nag runs by default, as under `cdk synth`; it adds about a second at 2,000 accounts.
  const vend = new VendAwsApp(model, { ...options, nag: options.nag ?? true });
  if (options.progress) reportStackProgress(vend.app, options.progress);
  const assembly = vend.app.synth();
  const problems = checkStackLimits(assembly, quotasOf(model.catalog.organization.spec));
  if (problems.length > 0) throw new StackLimitError(problems);
  return { outdir: assembly.directory, stacks: assembly.stacks.map((s) => s.stackName).sort() };
}
