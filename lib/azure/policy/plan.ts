/**
 * The Azure Policy realization of the controls, as data: one custom definition per policy file,
 * one initiative (policy set) per control, and one assignment per control at each management group
 * the hierarchy attaches it to. The tenant stack renders this plan; the checks below run on it
 * before anything is synthesized.
 */
import type { AzurePolicyDefinition, Diagnostic, FilledPolicyParameter, VendModel } from '../../model';
import {
  assignmentCountProblems,
  FAN_OUT_POLICY_PARAMETER,
  FILLED_POLICY_PARAMETERS,
  formatDiagnostic,
  hierarchyDepthProblems,
  policyAssignmentName,
  policySizeProblems,
} from '../../model';
import { azurePolicyRules } from '../../model/rules/azure-policy-rules';
import { policyParameters } from '../../model/rules/policy-parameters';

/**
 * Parameters vend fills in itself (the model's list, which `vend validate` checks against);
 * `pricingName` is fanned out: the initiative references the definition once per Defender plan.
 */
export const FILLED_PARAMETERS = FILLED_POLICY_PARAMETERS;
export type FilledParameter = FilledPolicyParameter;
export const FAN_OUT_PARAMETER = FAN_OUT_POLICY_PARAMETER;

export interface InitiativeReference {
  readonly definition: string;
  readonly referenceId: string;
  /** Values passed to the definition: fixed values or initiative parameters passed through. */
  readonly parameterValues: Readonly<Record<string, { value: unknown }>>;
}

export interface Initiative {
  readonly control: string;
  readonly displayName: string;
  readonly description: string;
  /** Initiative-level parameters (the filled ones its members need). */
  readonly parameters: readonly FilledParameter[];
  readonly references: readonly InitiativeReference[];
  /** Roles a remediating member's managed identity needs (built-in role definition ids). */
  readonly roleDefinitionIds: readonly string[];
}

export interface Assignment {
  readonly nodeKey: string;
  readonly managementGroupId: string;
  readonly control: string;
  readonly name: string;
  readonly parameters: readonly FilledParameter[];
  /** True when a member deploys or modifies: the assignment gets a managed identity and its roles. */
  readonly remediates: boolean;
  readonly roleDefinitionIds: readonly string[];
}

export interface PolicyPlan {
  readonly definitions: readonly AzurePolicyDefinition[];
  readonly initiatives: readonly Initiative[];
  readonly assignments: readonly Assignment[];
}

/** @deprecated problems are Diagnostics now, as everywhere else. */
export type PolicyProblem = Diagnostic;

const REMEDIATING_EFFECTS = /deployifnotexists|modify/i;

export function planPolicies(model: VendModel): PolicyPlan {
  const definitions = new Map<string, AzurePolicyDefinition>();
  const initiatives: Initiative[] = [];
  const plans = defenderPlanFloor(model);
  const used = new Set(model.hierarchy.nodes.flatMap((n) => n.controls));
  for (const control of [...model.catalog.controls.values()].sort((a, b) => (a.spec.name < b.spec.name ? -1 : 1))) {
    if (!control.azurePolicies.length || !used.has(control.spec.name)) continue;
    const references: InitiativeReference[] = [];
    const parameters = new Set<FilledParameter>();
    const roles = new Set<string>();
    for (const def of control.azurePolicies) {
      definitions.set(def.name, def);
      const declared = (def.properties.parameters ?? {}) as Record<string, { defaultValue?: unknown }>;
      const passed: Record<string, { value: unknown }> = {};
      for (const name of Object.keys(declared)) {
        if ((FILLED_PARAMETERS as readonly string[]).includes(name)) {
          parameters.add(name as FilledParameter);
          passed[name] = { value: `[parameters('${name}')]` };
        }
      }
      if (remediates(def)) for (const r of roleIds(def)) roles.add(r);
      if (FAN_OUT_PARAMETER in declared) {
        for (const plan of plans) {
          references.push({ definition: def.name, referenceId: `${def.name}-${plan}`, parameterValues: { ...passed, [FAN_OUT_PARAMETER]: { value: plan } } });
        }
      } else {
        references.push({ definition: def.name, referenceId: def.name, parameterValues: passed });
      }
    }
    initiatives.push({
      control: control.spec.name,
      displayName: `vend: ${control.spec.title}`,
      description: control.spec.rationale,
      parameters: [...parameters].sort(),
      references,
      roleDefinitionIds: [...roles].sort(),
    });
  }
  const byControl = new Map(initiatives.map((i) => [i.control, i]));
  const assignments: Assignment[] = [];
  for (const node of model.hierarchy.nodes) {
    for (const control of node.controls) {
      const initiative = byControl.get(control);
      if (!initiative) continue;
      assignments.push({
        nodeKey: node.key,
        managementGroupId: node.azure.id,
        control,
        name: policyAssignmentName(control),
        parameters: initiative.parameters,
        remediates: initiative.roleDefinitionIds.length > 0,
        roleDefinitionIds: initiative.roleDefinitionIds,
      });
    }
  }
  return { definitions: [...definitions.values()], initiatives, assignments };
}

/**
 * Everything Azure would reject or vend could not fill, found before synth. The catalog-level
 * checks are the model's, the same `vend validate` runs (policy rules, unfilled parameters,
 * definition size, assignments per management group, depth); only what depends on this
 * realization's naming (assignment names) is checked here. All are reported as Diagnostics.
 */
export function checkPolicyPlan(model: VendModel, plan: PolicyPlan = planPolicies(model)): Diagnostic[] {
  const { catalog, hierarchy } = model;
  const problems: Diagnostic[] = [
    ...azurePolicyRules(catalog),
    ...policyParameters(catalog),
    ...policySizeProblems(catalog),
    ...assignmentCountProblems(catalog, hierarchy),
    ...hierarchyDepthProblems(catalog, hierarchy, ['azure']),
  ];
  const at = (message: string): Diagnostic => ({ code: 'policy-assignment-name', severity: 'error', file: catalog.organization.source.file, line: 0, path: '', message });
  const names = new Map<string, string>();
  for (const a of plan.assignments) {
    const key = `${a.managementGroupId}/${a.name}`;
    if (names.has(key)) problems.push(at(`management group ${a.managementGroupId}: controls ${names.get(key)} and ${a.control} both map to assignment name ${a.name}`));
    names.set(key, a.control);
    if (a.name.length > 24) problems.push(at(`management group ${a.managementGroupId}: assignment name ${a.name} is longer than 24 characters`));
  }
  return problems;
}

/** Defender plans every Azure unit's template requires: the floor the policy enforces everywhere. */
export function defenderPlanFloor(model: VendModel): string[] {
  const lists = model.units.filter((u) => u.cloud === 'azure').map((u) => u.baseline.defenderPlans ?? []);
  if (!lists.length) return [];
  return lists.reduce((acc, list) => acc.filter((p) => list.includes(p))).slice().sort();
}

function remediates(def: AzurePolicyDefinition): boolean {
  const effect = def.properties.policyRule.then.effect;
  const param = /^\[parameters\('([^']+)'\)\]$/.exec(effect);
  if (!param) return REMEDIATING_EFFECTS.test(effect);
  const declared = (def.properties.parameters ?? {})[param[1]] as { defaultValue?: string } | undefined;
  return REMEDIATING_EFFECTS.test(declared?.defaultValue ?? '');
}

function roleIds(def: AzurePolicyDefinition): string[] {
  const details = def.properties.policyRule.then.details as { roleDefinitionIds?: string[] } | undefined;
  return details?.roleDefinitionIds ?? [];
}

/** Thrown by synth when the policy plan has problems; lists every one. */
export class PolicyPlanError extends Error {
  constructor(readonly problems: readonly Diagnostic[]) {
    super(`Azure Policy checks failed:\n${problems.map((p) => `  ${formatDiagnostic(p)} [${p.code}]`).join('\n')}`);
    this.name = 'PolicyPlanError';
  }
}
