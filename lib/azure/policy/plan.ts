/**
 * The Azure Policy realization of the controls, as data: one custom definition per policy file,
 * one initiative (policy set) per control, and one assignment per control at each management group
 * the hierarchy attaches it to. The tenant stack renders this plan; the checks below run on it
 * before anything is synthesized.
 */
import type { AzurePolicyDefinition, VendModel } from '../../model';
import { policyAssignmentName, quotasOf } from '../../model';
import { validatePolicyDefinition } from '../../model/azure-policy-rule';

/**
 * Parameters vend fills in itself. A definition parameter without a default must be one of these;
 * `pricingName` is fanned out: the initiative references the definition once per Defender plan.
 */
export const FILLED_PARAMETERS = ['listOfAllowedLocations', 'logAnalyticsWorkspaceId'] as const;
export type FilledParameter = (typeof FILLED_PARAMETERS)[number];
export const FAN_OUT_PARAMETER = 'pricingName';

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

export interface PolicyProblem {
  readonly code: string;
  readonly where: string;
  readonly message: string;
}

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
 * Everything Azure would reject or vend could not fill, found before synth: invalid rules, unknown
 * required parameters, definitions over the size limit, too many assignments at one management
 * group, a hierarchy deeper than management groups allow.
 */
export function checkPolicyPlan(model: VendModel, plan: PolicyPlan = planPolicies(model)): PolicyProblem[] {
  const quotas = quotasOf(model.catalog.organization.spec);
  const problems: PolicyProblem[] = [];
  for (const def of plan.definitions) {
    for (const f of validatePolicyDefinition(def)) {
      problems.push({ code: 'policy-rule', where: `${def.file}: properties.${f.path}`, message: f.message });
    }
    const bytes = Buffer.byteLength(JSON.stringify({ properties: def.properties }));
    if (bytes > quotas.policyDefinitionMaxBytes) {
      problems.push({ code: 'policy-too-large', where: def.file, message: `definition is ${bytes} bytes; the limit is ${quotas.policyDefinitionMaxBytes}` });
    }
    for (const [name, param] of Object.entries((def.properties.parameters ?? {}) as Record<string, { defaultValue?: unknown }>)) {
      const filled = (FILLED_PARAMETERS as readonly string[]).includes(name) || name === FAN_OUT_PARAMETER;
      if (!filled && param.defaultValue === undefined) {
        problems.push({ code: 'policy-parameter', where: `${def.file}: properties.parameters.${name}`, message: `parameter '${name}' has no default and vend does not fill it (it fills ${[...FILLED_PARAMETERS, FAN_OUT_PARAMETER].join(', ')})` });
      }
    }
  }
  const perScope = new Map<string, number>();
  for (const a of plan.assignments) perScope.set(a.managementGroupId, (perScope.get(a.managementGroupId) ?? 0) + 1);
  for (const [scope, count] of perScope) {
    if (count > quotas.policyAssignmentsPerScope) {
      problems.push({ code: 'policy-assignment-count', where: `management group ${scope}`, message: `${count} policy assignments; the limit is ${quotas.policyAssignmentsPerScope}` });
    }
  }
  const names = new Map<string, string>();
  for (const a of plan.assignments) {
    const key = `${a.managementGroupId}/${a.name}`;
    if (names.has(key)) problems.push({ code: 'policy-assignment-name', where: `management group ${a.managementGroupId}`, message: `controls ${names.get(key)} and ${a.control} both map to assignment name ${a.name}` });
    names.set(key, a.control);
    if (a.name.length > 24) problems.push({ code: 'policy-assignment-name', where: `management group ${a.managementGroupId}`, message: `assignment name ${a.name} is longer than 24 characters` });
  }
  for (const node of model.hierarchy.nodes) {
    if (node.depth > quotas.managementGroupMaxDepth) {
      problems.push({ code: 'management-group-depth', where: `management group ${node.azure.id}`, message: `is ${node.depth} levels below the tenant root; the limit is ${quotas.managementGroupMaxDepth}` });
    }
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
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(`Azure Policy checks failed:\n${problems.map((p) => `  ${p.where}: ${p.message} [${p.code}]`).join('\n')}`);
    this.name = 'PolicyPlanError';
  }
}
