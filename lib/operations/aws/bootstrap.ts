/**
 * `vend bootstrap aws`: the one-time organization setup before the first deploy, run from the
 * management account through the throttled client layer. Every step reads the real state first
 * and acts only when it is not done, so a rerun changes nothing; `dryRun` reads and reports only.
 */
import { awsDeploymentRegion } from '../../model/aws-deployment';
import { declaredIdentityCenterGroups } from '../../model/identity-center';
import type { VendModel } from '../../model';
import { AwsClients } from './clients';
import { BootstrapContext } from './bootstrap-context';
import { bootstrapSteps, type BootstrapStep } from './bootstrap-steps';

export type StepStatus = 'done' | 'applied' | 'would-apply' | 'blocked' | 'failed' | 'skipped';

export interface StepReport {
  readonly id: string;
  readonly description: string;
  readonly why: string;
  /** `management <account> <region>` */
  readonly where: string;
  readonly status: StepStatus;
  readonly detail?: string;
}

export interface BootstrapReport {
  readonly dryRun: boolean;
  readonly account: string;
  readonly region: string;
  readonly steps: StepReport[];
}

export interface BootstrapOptions {
  readonly model: VendModel;
  /** Clients with the caller's credentials; regional copies share its gate. */
  readonly aws: AwsClients;
  readonly dryRun?: boolean;
  readonly log?: (message: string) => void;
}

/** Builds the context for a model: the deployment region, the groups the catalog names. */
export function bootstrapContext(model: VendModel, aws: AwsClients): BootstrapContext {
  const org = model.catalog.organization.spec.aws;
  if (!org) throw new Error('organization.yaml has no aws section');
  const region = awsDeploymentRegion(model.units, org.regions);
  // The groups organization.yaml declares (the contract), and those active units name (only
  // active units get Identity Center assignments).
  const named = model.units.filter((u) => u.cloud === 'aws' && u.lifecycle === 'active').flatMap((u) => u.access.map((a) => a.group));
  const groups = [...declaredIdentityCenterGroups(model.catalog.organization.spec), ...named];
  return new BootstrapContext({
    global: aws.inRegion('us-east-1'),
    regional: aws.inRegion(region),
    region,
    managementAccountId: org.managementAccountId,
    groups,
    identityCenterInstanceArn: org.identityCenterInstanceArn,
  });
}

export async function bootstrapAws(options: BootstrapOptions): Promise<BootstrapReport> {
  const ctx = bootstrapContext(options.model, options.aws);
  const steps = bootstrapSteps(ctx);
  const reports: StepReport[] = [];
  let stop = false;
  for (const step of steps) {
    const where = `management ${ctx.managementAccountId} ${step.region === 'global' ? 'us-east-1 (global)' : ctx.region}`;
    const base = { id: step.id, description: step.description, why: step.why, where };
    if (stop) {
      reports.push({ ...base, status: 'skipped', detail: 'the caller is not the management account' });
      continue;
    }
    const report = await runStep(step, ctx, options.dryRun ?? false);
    options.log?.(`${report.status.padEnd(11)} ${step.id}${report.detail ? `: ${report.detail}` : ''}`);
    reports.push({ ...base, ...report });
    if (step.id === 'caller/management-account' && report.status === 'blocked') stop = true;
  }
  return { dryRun: options.dryRun ?? false, account: ctx.managementAccountId, region: ctx.region, steps: reports };
}

async function runStep(step: BootstrapStep, ctx: BootstrapContext, dryRun: boolean): Promise<{ status: StepStatus; detail?: string }> {
  try {
    const before = await step.check(ctx);
    if (before.done) return { status: 'done' };
    if (before.blocked || !step.act) return { status: 'blocked', detail: before.detail };
    if (dryRun) return { status: 'would-apply', detail: before.detail };
    await step.act(ctx);
    const after = await step.check(ctx);
    return after.done ? { status: 'applied', detail: before.detail } : { status: 'failed', detail: `still not done after ${before.detail}: ${after.detail}` };
  } catch (err) {
    return { status: 'failed', detail: (err as Error).message };
  }
}

/** One line per step, for the terminal. */
export function formatBootstrap(report: BootstrapReport): string {
  const head = `vend bootstrap aws${report.dryRun ? ' (dry run)' : ''}: management account ${report.account}, deployment region ${report.region}`;
  const lines = report.steps.map((s) => `${s.status.padEnd(11)} ${s.id}${s.detail ? ` — ${s.detail}` : ''}`);
  return [head, ...lines].join('\n');
}
