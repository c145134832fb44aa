/**
 * Turns the model's Azure units into Terraform JSON: the tenant stack plus one stack per unit.
 * Every check that can fail before Terraform runs (policy rules, limits, names) runs first.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { activeCentrals, activeSpacesOf, type EffectiveUnit, type VendModel } from '../model';
import { stateBackendFromEnv, type StateBackend } from './backend';
import { App, withTokenScope } from './cdktf';
import { TENANT_STACK, stackName } from './names';
import { orderedUnits, stackDependencies } from './stack-dependencies';
import { DecommissionedSubscriptionStack } from './lifecycle/decommissioned-stack';
import { checkPolicyPlan, planPolicies, PolicyPlanError, type PolicyPlan } from './policy/plan';
import type { PlatformRoleAssignment } from './roles';
import { StackStamper } from './stamping/stamped-stacks';
import { SubscriptionStack } from './subscription-stack';
import { TenantStack } from './tenant-stack';

export interface SynthesizeAzureOptions {
  /** Directory for cdktf output (manifest.json, stacks/<stack>/cdk.tf.json). */
  readonly outdir: string;
  /** Where stacks keep state. @default from VEND_AZURE_STATE_* (azurerm), else local state */
  readonly backend?: StateBackend;
  /** Role grants at management-group scope (groups are looked up by name). @default PLATFORM_ROLE_ASSIGNMENTS */
  readonly platformRoles?: readonly PlatformRoleAssignment[];
  /** Told about each batch of stacks as it is synthesized ("stacks N–M of T"). @default silent */
  readonly progress?: (message: string) => void;
  /**
   * Stamp unit stacks of one shape from an exemplar CDKTF synthesized (stamping/stamped-stacks.ts);
   * false builds every unit stack through CDKTF. The output is the same. @default true
   */
  readonly stamping?: boolean;
}

export interface SynthesizeAzureResult {
  readonly outdir: string;
  /** Stack names: the tenant stack first, then one per Azure unit, in apply order. */
  readonly stacks: string[];
  /** How many unit stacks were stamped from an exemplar rather than built through CDKTF. */
  readonly stamped: number;
}

/** What every Azure stack is synthesized from, computed and checked once before any stack is built. */
export interface AzureSynthesisPlan {
  readonly backend: StateBackend;
  readonly policies: PolicyPlan;
  /** Azure units in apply order (the model's kind order, then name). */
  readonly units: readonly EffectiveUnit[];
  /** The dependencies of every unit stack, by stack name. */
  readonly dependencies: Record<string, string[]>;
  /** PoPs: the Spaces that name them. */
  readonly spacesOf: ReadonlyMap<string, readonly string[]>;
}

/** One synthesized batch's part of manifest.json: CDKTF's manifest entries of its stacks. */
export interface ManifestPart {
  readonly version: string;
  readonly stacks: Record<string, { dependencies: string[] } & Record<string, unknown>>;
  /** How many of these stacks were stamped (stamping/stamped-stacks.ts). @default 0 */
  readonly stamped?: number;
}

/** Every check that can fail before a stack is built; undefined when the catalog has no Azure. */
export function planAzureSynthesis(model: VendModel, backend: StateBackend = stateBackendFromEnv()): AzureSynthesisPlan | undefined {
  const units = model.units.filter((u) => u.cloud === 'azure');
  if (!model.catalog.organization.spec.azure) {
    if (units.length) throw new Error(`organization.yaml has no azure block, but ${units.length} units are in Azure (${units[0].name}, …)`);
    return undefined;
  }
  if (units.length && activeCentrals(units, 'azure').length === 0) {
    throw new Error('Azure units forward their logs to an active Azure Central unit, and the catalog has none');
  }
  const policies = planPolicies(model);
  const problems = checkPolicyPlan(model, policies);
  if (problems.length) throw new PolicyPlanError(problems);
  if (units.some((u) => stackName(u) === TENANT_STACK)) throw new Error(`no unit may be named ${TENANT_STACK}: that is the tenant stack`);
  const spacesOf = new Map<string, string[]>();
  for (const pop of units.filter((u) => u.kind === 'PoP')) {
    const spaces = activeSpacesOf(units, pop.name).map((s) => s.name);
    if (spaces.length) spacesOf.set(pop.name, spaces);
  }
  return { backend, policies, units: orderedUnits(model), dependencies: stackDependencies(model), spacesOf };
}

/**
 * Output is regenerated whole: stacks of removed units must not linger next to the manifest.
 * (Local state lives in <outdir>/state, outside stacks/, and is kept.)
 */
export function clearStacks(outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  rmSync(path.join(outdir, 'stacks'), { recursive: true, force: true });
}

/**
 * Stacks share nothing but names (they read each other through remote state), so they are
 * synthesized in independent batches, each its own CDKTF app whose tokens are released once its
 * stacks are written.
 */
function synthesizeBatch(outdir: string, build: (app: App) => void): ManifestPart {
  return withTokenScope(() => {
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    build(app);
    app.synth();
    const built = app.manifest.buildManifest();
    return { version: built.version, stacks: built.stacks as unknown as ManifestPart['stacks'] };
  });
}

export function synthesizeTenantStack(model: VendModel, plan: AzureSynthesisPlan, options: Pick<SynthesizeAzureOptions, 'outdir' | 'platformRoles'>): ManifestPart {
  return synthesizeBatch(options.outdir, (app) => {
    new TenantStack(app, TENANT_STACK, { model, policies: plan.policies, backend: plan.backend, platformRoles: options.platformRoles });
  });
}

/**
 * The stacks of `units` (a slice of the plan's units), in batches. `progress` hears
 * "stacks N–M of T", counting the tenant stack first; `first` is the slice's index in the plan.
 */
export function synthesizeUnitStacks(
  model: VendModel,
  plan: Pick<AzureSynthesisPlan, 'backend' | 'spacesOf'> & { readonly total: number },
  units: readonly EffectiveUnit[],
  options: { readonly outdir: string; readonly first?: number; readonly progress?: (message: string) => void; readonly stamping?: boolean },
): ManifestPart[] {
  const parts: ManifestPart[] = [];
  const first = options.first ?? 0;
  const viaCdktf = (batch: readonly EffectiveUnit[]) =>
    synthesizeBatch(options.outdir, (app) => {
      for (const unit of batch) {
        // A decommissioned unit's stack only forgets what it declared (lifecycle/decommissioned-stack.ts).
        if (unit.lifecycle === 'decommissioned') new DecommissionedSubscriptionStack(app, stackName(unit), { model, unit, backend: plan.backend, scratchDir: options.outdir });
        else new SubscriptionStack(app, stackName(unit), { model, unit, backend: plan.backend, spaces: plan.spacesOf.get(unit.name) });
      }
    });
  const stamper = options.stamping === false ? undefined : new StackStamper({ model, outdir: options.outdir, spacesOf: plan.spacesOf, synthesize: viaCdktf, refused: debugLog });
  for (let i = 0; i < units.length; i += BATCH_SIZE) {
    const batch = units.slice(i, i + BATCH_SIZE);
    options.progress?.(`stacks ${first + i + 2}–${first + i + batch.length + 1} of ${plan.total + 1}`);
    if (stamper) parts.push(...stamper.chunk(batch));
    else parts.push(viaCdktf(batch));
  }
  return parts;
}

/** Why a shape was not stamped: only with VEND_DEBUG (the output is the same either way). */
function debugLog(message: string): void {
  if (process.env.VEND_DEBUG) process.stderr.write(`vend: azure synthesis: ${message}\n`);
}

/** manifest.json from the batches' parts in apply order, with each unit stack's dependencies. */
export function writeAzureManifest(outdir: string, plan: AzureSynthesisPlan, parts: readonly ManifestPart[]): SynthesizeAzureResult {
  const built: ManifestPart['stacks'] = Object.assign({}, ...parts.map((part) => part.stacks));
  // In apply order, however the parts were cut (batches, stamped stacks, threads).
  const stacks: ManifestPart['stacks'] = { [TENANT_STACK]: built[TENANT_STACK] };
  for (const unit of plan.units) stacks[stackName(unit)] = { ...built[stackName(unit)], dependencies: plan.dependencies[stackName(unit)] };
  const version = parts[parts.length - 1].version;
  writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ version, stacks }, null, 2) + '\n');
  const stamped = parts.reduce((sum, part) => sum + (part.stamped ?? 0), 0);
  return { outdir, stacks: [TENANT_STACK, ...plan.units.map(stackName)], stamped };
}

export function synthesizeAzure(model: VendModel, options: SynthesizeAzureOptions): SynthesizeAzureResult {
  const plan = planAzureSynthesis(model, options.backend);
  if (!plan) return { outdir: options.outdir, stacks: [], stamped: 0 };
  clearStacks(options.outdir);
  const tenant = synthesizeTenantStack(model, plan, options);
  const units = synthesizeUnitStacks(model, { ...plan, total: plan.units.length }, plan.units, { outdir: options.outdir, progress: options.progress, stamping: options.stamping });
  return writeAzureManifest(options.outdir, plan, [tenant, ...units]);
}

/** Stacks per CDKTF app; small batches keep memory flat, large ones amortize app overhead. */
const BATCH_SIZE = 100;
