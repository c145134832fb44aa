/**
 * Turns the model's Azure units into Terraform JSON: the tenant stack plus one stack per unit.
 * Every check that can fail before Terraform runs (policy rules, limits, names) runs first.
 */
import type { VendModel } from '../model';
import { stateBackendFromEnv, type StateBackend } from './backend';
import { App } from './cdktf';
import { TENANT_STACK, stackName } from './names';
import { checkPolicyPlan, planPolicies, PolicyPlanError } from './policy/plan';
import { SubscriptionStack } from './subscription-stack';
import { TenantStack } from './tenant-stack';

export interface SynthesizeAzureOptions {
  /** Directory for cdktf output (manifest.json, stacks/<stack>/cdk.tf.json). */
  readonly outdir: string;
  /** Where stacks keep state. @default from VEND_AZURE_STATE_* (azurerm), else local state */
  readonly backend?: StateBackend;
}

export interface SynthesizeAzureResult {
  readonly outdir: string;
  /** Stack names: the tenant stack first, then one per Azure unit, in apply order. */
  readonly stacks: string[];
}

export function synthesizeAzure(model: VendModel, options: SynthesizeAzureOptions): SynthesizeAzureResult {
  const backend = options.backend ?? stateBackendFromEnv();
  const plan = planPolicies(model);
  const problems = checkPolicyPlan(model, plan);
  if (problems.length) throw new PolicyPlanError(problems);
  const units = model.units.filter((u) => u.cloud === 'azure');
  if (units.some((u) => stackName(u) === TENANT_STACK)) throw new Error(`no unit may be named ${TENANT_STACK}: that is the tenant stack`);

  const app = new App({ outdir: options.outdir, skipValidation: true, stackTraces: false });
  const tenant = new TenantStack(app, TENANT_STACK, { model, policies: plan, backend });
  const spacesOf = new Map<string, string[]>();
  for (const u of units) {
    if (u.kind === 'Space' && u.network?.pop) spacesOf.set(u.network.pop, [...(spacesOf.get(u.network.pop) ?? []), u.name]);
  }
  // Apply order: tenant, then Central (log sinks), then the rest, Spaces after their PoP.
  const order = (kind: string) => ({ Central: 0, ControlPlane: 1, PoP: 2, Space: 3 })[kind] ?? 4;
  const ordered = [...units].sort((a, b) => order(a.kind) - order(b.kind) || (a.name < b.name ? -1 : 1));
  const stacks = new Map<string, SubscriptionStack>();
  const central = ordered.find((u) => u.kind === 'Central' && u.lifecycle === 'active');
  for (const unit of ordered) {
    const stack = new SubscriptionStack(app, stackName(unit), { model, unit, backend, spaces: spacesOf.get(unit.name) });
    stack.addDependency(tenant);
    if (central && unit !== central) stack.addDependency(stacks.get(central.name)!);
    const pop = unit.kind === 'Space' ? unit.network?.pop : undefined;
    if (pop && stacks.has(pop)) stack.addDependency(stacks.get(pop)!);
    stacks.set(unit.name, stack);
  }
  app.synth();
  return { outdir: options.outdir, stacks: [TENANT_STACK, ...stacks.keys()] };
}
