/**
 * Turns the model's Azure units into Terraform JSON: the tenant stack plus one stack per unit.
 * Every check that can fail before Terraform runs (policy rules, limits, names) runs first.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { activeCentrals, activeSpacesOf, type VendModel } from '../model';
import { stateBackendFromEnv, type StateBackend } from './backend';
import { App, withTokenScope } from './cdktf';
import { TENANT_STACK, stackName } from './names';
import { orderedUnits, stackDependencies } from './stack-dependencies';
import { DecommissionedSubscriptionStack } from './lifecycle/decommissioned-stack';
import { checkPolicyPlan, planPolicies, PolicyPlanError } from './policy/plan';
import type { PlatformRoleAssignment } from './roles';
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
}

export interface SynthesizeAzureResult {
  readonly outdir: string;
  /** Stack names: the tenant stack first, then one per Azure unit, in apply order. */
  readonly stacks: string[];
}

export function synthesizeAzure(model: VendModel, options: SynthesizeAzureOptions): SynthesizeAzureResult {
  const units = model.units.filter((u) => u.cloud === 'azure');
  if (!model.catalog.organization.spec.azure) {
    if (units.length) throw new Error(`organization.yaml has no azure block, but ${units.length} units are in Azure (${units[0].name}, …)`);
    return { outdir: options.outdir, stacks: [] };
  }
  if (units.length && activeCentrals(units, 'azure').length === 0) {
    throw new Error('Azure units forward their logs to an active Azure Central unit, and the catalog has none');
  }
  const backend = options.backend ?? stateBackendFromEnv();
  const plan = planPolicies(model);
  const problems = checkPolicyPlan(model, plan);
  if (problems.length) throw new PolicyPlanError(problems);
  if (units.some((u) => stackName(u) === TENANT_STACK)) throw new Error(`no unit may be named ${TENANT_STACK}: that is the tenant stack`);

  const spacesOf = new Map<string, string[]>();
  for (const pop of units.filter((u) => u.kind === 'PoP')) {
    const spaces = activeSpacesOf(units, pop.name).map((s) => s.name);
    if (spaces.length) spacesOf.set(pop.name, spaces);
  }
  const ordered = orderedUnits(model);
  const dependencies = stackDependencies(model);

  // Output is regenerated whole: stacks of removed units must not linger next to the manifest.
  // (Local state lives in <outdir>/state, outside stacks/, and is kept.)
  mkdirSync(options.outdir, { recursive: true });
  rmSync(path.join(options.outdir, 'stacks'), { recursive: true, force: true });

  // Stacks share nothing but names (they read each other through remote state), so they are
  // synthesized in independent batches; each batch's tokens are released once it is written.
  const manifest: Record<string, { dependencies: string[] }> = {};
  let version = '';
  const batch = (build: (app: App) => void) =>
    withTokenScope(() => {
      const app = new App({ outdir: options.outdir, skipValidation: true, stackTraces: false });
      build(app);
      app.synth();
      const built = app.manifest.buildManifest();
      version = built.version;
      Object.assign(manifest, built.stacks);
    });
  batch((app) => new TenantStack(app, TENANT_STACK, { model, policies: plan, backend, platformRoles: options.platformRoles }));
  for (let i = 0; i < ordered.length; i += BATCH_SIZE) {
    options.progress?.(`stacks ${i + 2}–${Math.min(i + BATCH_SIZE, ordered.length) + 1} of ${ordered.length + 1}`);
    batch((app) => {
      for (const unit of ordered.slice(i, i + BATCH_SIZE)) {
        if (unit.lifecycle === 'decommissioned') new DecommissionedSubscriptionStack(app, stackName(unit), { model, unit, backend, scratchDir: options.outdir });
        else new SubscriptionStack(app, stackName(unit), { model, unit, backend, spaces: spacesOf.get(unit.name) });
      }
    });
  }
  for (const unit of ordered) manifest[stackName(unit)].dependencies = dependencies[stackName(unit)];
  writeFileSync(path.join(options.outdir, 'manifest.json'), JSON.stringify({ version, stacks: manifest }, null, 2) + '\n');
  return { outdir: options.outdir, stacks: [TENANT_STACK, ...ordered.map(stackName)] };
}

/** Stacks per CDKTF app; small batches keep memory flat, large ones amortize app overhead. */
const BATCH_SIZE = 100;
