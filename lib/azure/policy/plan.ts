/**
 * The Azure Policy realization of the controls, as data: one custom definition per policy file,
 * one initiative (policy set) per control, and one assignment per control at each management group
 * the hierarchy attaches it to. The tenant stack renders this plan; the checks below run on it
 * before anything is synthesized.
 */
import type { AzurePolicyDefinition, Diagnostic, VendModel } from '../../model';
import {
  assignmentCountProblems,
  azurePolicyDefaultsOf,
  formatDiagnostic,
  hierarchyDepthProblems,
  policyAssignmentName,
  policyDefaultFor,
  policySizeProblems,
  type PolicyValueSource,
} from '../../model';
import { defaultEffect } from '../../model/azure-policy-rule';
import { azurePolicyRules } from '../../model/rules/azure-policy-rules';
import { policyParameters } from '../../model/rules/policy-parameters';

/**
 * Parameters vend fills in itself come from data: policies/azure/policy-default-values.json (see
 * lib/model/azure-policy-defaults.ts). A fan-out default (`fanOut: true`) makes the initiative
 * reference the definition once per element of its value, passing one element each time.
 */
export type FilledParameter = string;

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
  /** Reference ids of deployIfNotExists / modify members (each gets a remediation task). */
  readonly remediatedReferences: readonly string[];
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
  readonly remediatedReferences: readonly string[];
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
  const defaults = azurePolicyDefaultsOf(model.catalog);
  const definitions = new Map<string, AzurePolicyDefinition>();
  const initiatives: Initiative[] = [];
  const used = new Set(model.hierarchy.nodes.flatMap((n) => n.controls));
  for (const control of [...model.catalog.controls.values()].sort((a, b) => (a.spec.name < b.spec.name ? -1 : 1))) {
    if (!control.azurePolicies.length || !used.has(control.spec.name)) continue;
    const references: InitiativeReference[] = [];
    const parameters = new Set<FilledParameter>();
    const roles = new Set<string>();
    const remediated: string[] = [];
    for (const def of control.azurePolicies) {
      definitions.set(def.name, def);
      const declared = (def.properties.parameters ?? {}) as Record<string, { defaultValue?: unknown }>;
      const passed: Record<string, { value: unknown }> = {};
      let fanOut: { name: string; values: readonly string[] } | undefined;
      for (const name of Object.keys(declared)) {
        const filled = policyDefaultFor(defaults, name);
        if (!filled) continue;
        if (filled.fanOut) fanOut = { name, values: modelSourceValue(model, filled.source) };
        else {
          parameters.add(name);
          passed[name] = { value: `[parameters('${name}')]` };
        }
      }
      const refs = fanOut
        ? fanOut.values.map((v) => ({ definition: def.name, referenceId: `${def.name}-${v}`, parameterValues: { ...passed, [fanOut!.name]: { value: v } } }))
        : [{ definition: def.name, referenceId: def.name, parameterValues: passed }];
      references.push(...refs);
      if (remediates(def)) {
        for (const r of roleIds(def)) roles.add(r);
        remediated.push(...refs.map((r) => r.referenceId));
      }
    }
    initiatives.push({
      control: control.spec.name,
      displayName: `vend: ${control.spec.title}`,
      description: control.spec.rationale,
      parameters: [...parameters].sort(),
      references,
      roleDefinitionIds: [...roles].sort(),
      remediatedReferences: remediated,
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
        remediatedReferences: initiative.remediatedReferences,
      });
    }
  }
  return { definitions: [...definitions.values()], initiatives, assignments };
}

/** A default's value when the model alone determines it (fan-out sources must). */
export function modelSourceValue(model: VendModel, source: PolicyValueSource): string[] {
  switch (source) {
    case 'templates.defenderPlanFloor':
      return defenderPlanFloor(model);
    case 'organization.locations':
      return [...(model.catalog.organization.spec.azure?.locations ?? [])];
    default:
      throw new Error(`policy default source ${source} is known only once Azure resources exist; it cannot fan out`);
  }
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
  return REMEDIATING_EFFECTS.test(defaultEffect(def) ?? '');
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
