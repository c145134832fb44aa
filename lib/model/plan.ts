/**
 * The plan: what applying the catalog would change, given an inventory of what exists. Pure and
 * deterministic (same model and inventory, same plan), so it can be posted on a pull request and
 * compared byte for byte.
 */
import { compareStrings } from './compare';
import type { Inventory } from './inventory';
import type { EffectiveUnit } from './effective-unit';
import type { HierarchyNode } from './hierarchy';
import type { VendModel } from './model';
import { CLOSED_ACCOUNT_STATES, CLOSED_SUBSCRIPTION_STATES, guardrailsAt } from './guardrails';
import { policyAssignmentName, TAG_BASELINE, TAG_UNIT } from './naming';
import { diffCatalogs, type StacksOf, type UnitDiff } from './plan-diff';
import { API_VERSION, type Cloud } from './schema';

export type UnitAction = 'create' | 'move' | 'rebaseline' | 'decommission' | 'conflict';
export const UNIT_ACTION_ORDER: readonly UnitAction[] = ['create', 'move', 'rebaseline', 'decommission', 'conflict'];

export interface UnitChange {
  readonly cloud: Cloud;
  readonly unit: string;
  readonly kind: string;
  readonly environment: string;
  readonly action: UnitAction;
  /** Current OU path / management group, for moves and decommissions. */
  readonly from?: string;
  /** Target OU path / management group. */
  readonly to?: string;
  readonly detail: string;
  /** Deployment stacks holding the unit's resources, when the caller knows them. */
  readonly stacks?: readonly string[];
}

/** A live account or subscription that no unit claims: vend leaves it alone (and says so). */
export interface Unclaimed {
  readonly cloud: Cloud;
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  /** OU path or management group; `` for the root. */
  readonly path: string;
  /** Its `vend:unit` tag, when it names a unit the catalog does not have. */
  readonly tag?: string;
}

export interface NodeChange {
  readonly cloud: Cloud;
  /** AWS OU path or Azure management-group id. */
  readonly node: string;
  readonly action: 'create';
}

export interface GuardrailChange {
  readonly cloud: Cloud;
  /** AWS OU path or Azure management-group id. */
  readonly target: string;
  /** SCP name (AWS) or policy assignment name (Azure). */
  readonly policy: string;
  /** The control realized, when the policy is one of vend's. */
  readonly control?: string;
  readonly action: 'attach' | 'detach';
}

export interface Plan {
  readonly apiVersion: typeof API_VERSION;
  readonly kind: 'Plan';
  readonly organization: string;
  readonly summary: {
    readonly nodes: number;
    readonly create: number;
    readonly move: number;
    readonly rebaseline: number;
    readonly decommission: number;
    readonly conflict: number;
    readonly attach: number;
    readonly detach: number;
    readonly unchanged: number;
    /** Field changes against the base catalog that replace resources. */
    readonly destructive: number;
    readonly unclaimed: number;
  };
  readonly hierarchy: readonly NodeChange[];
  readonly units: readonly UnitChange[];
  readonly guardrails: readonly GuardrailChange[];
  /** What the pull request changes against its base catalog (`--base`), field by field. */
  readonly changes: readonly UnitDiff[];
  /** Whether a base catalog was given, so an empty `changes` means "nothing changed". */
  readonly comparedWithBase: boolean;
  /** Live accounts and subscriptions no unit claims. */
  readonly unclaimed: readonly Unclaimed[];
  /** Clouds the inventory did not read: nothing is planned for them. */
  readonly notRead: readonly Cloud[];
  /** Things the plan will deliberately not touch, e.g. policies vend does not manage. */
  readonly notes: readonly string[];
  /** The derived hierarchy with unit counts, for the diagram in the markdown form. */
  readonly tree: readonly TreeNode[];
}

export interface TreeNode {
  readonly key: string;
  readonly parent?: string;
  /** OU name / management-group display name. */
  readonly label: string;
  /** Units placed directly at this node. */
  readonly units: number;
  /** Created by this plan in at least one cloud. */
  readonly create: boolean;
}

export interface PlanOptions {
  /** The catalog at the base of the pull request: adds field-level changes. */
  readonly base?: VendModel;
  /** Which stacks hold a unit (from the realizations); listed per unit when given. */
  readonly stacksOf?: StacksOf;
}

/** A live account or subscription, reduced to what the plan compares. */
interface LiveUnit {
  readonly id: string;
  readonly location: string;
  readonly active: boolean;
  readonly state: string;
  readonly baseline?: string;
}

export function computePlan(model: VendModel, inventory: Inventory, options: PlanOptions = {}): Plan {
  const org = model.catalog.organization.spec;
  const acc: Accumulator = { hierarchy: [], units: [], guardrails: [], notes: [], unclaimed: [], unchanged: 0 };
  // A cloud the snapshot did not read (`vend inventory --cloud aws`) is not planned: planning it
  // against nothing would claim that everything there must be created.
  const configured = (['aws', 'azure'] as const).filter((cloud) => org[cloud]);
  const clouds = configured.filter((cloud) => inventory[cloud]);
  for (const cloud of clouds) planCloud(model, inventory, cloud, acc, options.stacksOf);

  const { units, guardrails, notes, unclaimed } = acc;
  units.sort(
    (a, b) =>
      compareStrings(a.cloud, b.cloud) ||
      UNIT_ACTION_ORDER.indexOf(a.action) - UNIT_ACTION_ORDER.indexOf(b.action) ||
      compareStrings(a.unit, b.unit),
  );
  guardrails.sort(
    (a, b) => compareStrings(a.cloud, b.cloud) || compareStrings(a.target, b.target) || compareStrings(a.action, b.action) || compareStrings(a.policy, b.policy),
  );
  notes.sort();
  unclaimed.sort((a, b) => compareStrings(a.cloud, b.cloud) || compareStrings(a.id, b.id));
  const changes = options.base ? diffCatalogs(options.base, model, options.stacksOf) : [];
  const count = (action: UnitAction) => units.filter((u) => u.action === action).length;
  return {
    apiVersion: API_VERSION,
    kind: 'Plan',
    organization: org.name,
    summary: {
      nodes: acc.hierarchy.length,
      create: count('create'),
      move: count('move'),
      rebaseline: count('rebaseline'),
      decommission: count('decommission'),
      conflict: count('conflict'),
      attach: guardrails.filter((g) => g.action === 'attach').length,
      detach: guardrails.filter((g) => g.action === 'detach').length,
      unchanged: acc.unchanged,
      destructive: changes.filter((c) => c.destructive).length,
      unclaimed: unclaimed.length,
    },
    hierarchy: acc.hierarchy,
    units,
    guardrails,
    changes,
    comparedWithBase: options.base !== undefined,
    unclaimed,
    notRead: configured.filter((cloud) => !clouds.includes(cloud)),
    notes,
    tree: treeOf(model, acc.hierarchy),
  };
}

function treeOf(model: VendModel, created: readonly NodeChange[]): TreeNode[] {
  const createdAt = new Set(created.map((c) => c.node));
  return model.hierarchy.nodes.map((node) => ({
    key: node.key,
    ...(node.parentKey ? { parent: node.parentKey } : {}),
    label: node.aws.name,
    units: model.units.filter((u) => u.placement === node.key).length,
    create: createdAt.has(node.aws.path) || createdAt.has(node.azure.id),
  }));
}

interface Accumulator {
  readonly hierarchy: NodeChange[];
  readonly units: UnitChange[];
  readonly guardrails: GuardrailChange[];
  readonly notes: string[];
  readonly unclaimed: Unclaimed[];
  unchanged: number;
}

function planCloud(model: VendModel, inventory: Inventory, cloud: Cloud, acc: Accumulator, stacksOf: StacksOf | undefined): void {
  const where = (node: HierarchyNode) => (cloud === 'aws' ? node.aws.path : node.azure.id);
  const live = cloud === 'aws' ? awsView(inventory) : azureView(inventory);
  // policy assignment names are shortened with a hash: name them by the control they realize
  const controlOf = new Map([...model.catalog.controls.keys()].map((c) => [cloud === 'aws' ? `vend-${c}` : policyAssignmentName(c), c]));
  for (const node of model.hierarchy.nodes) {
    const location = where(node);
    if (!live.nodes.has(location)) acc.hierarchy.push({ cloud, node: location, action: 'create' });
    const desired = guardrailsAt(model.catalog, node, cloud);
    const current = live.nodes.get(location) ?? [];
    for (const [policy, control] of desired) {
      if (!current.includes(policy)) acc.guardrails.push({ cloud, target: location, policy, control, action: 'attach' });
    }
    for (const policy of current) {
      if (desired.has(policy)) continue;
      const control = controlOf.get(policy);
      if (policy.startsWith('vend-')) acc.guardrails.push({ cloud, target: location, policy, ...(control ? { control } : {}), action: 'detach' });
      else acc.notes.push(`${cloud}: ${location} has policy '${policy}' that vend does not manage; left as is`);
    }
  }
  const claimed = new Set<string>();
  for (const unit of model.units.filter((u) => u.cloud === cloud)) {
    const target = where(model.hierarchy.node(unit.placement));
    const found = live.byUnit.get(unit.name);
    const stacks = stacksOf ? { stacks: [...stacksOf(unit, model)] } : {};
    const change = (action: UnitAction, detail: string, extra: Partial<UnitChange> = {}) =>
      acc.units.push({ cloud, unit: unit.name, kind: unit.kind, environment: unit.environment, action, detail, ...extra, ...stacks });
    if (found) claimed.add(found.id);
    const conflictingIdentity = !found ? live.byIdentity.get(unit.identity.toLowerCase()) : undefined;
    if (conflictingIdentity) claimed.add(conflictingIdentity);
    const before = acc.units.length;
    planUnit(unit, found, target, live, change, cloud);
    if (acc.units.length === before) acc.unchanged++;
  }
  const management = new Set([...live.management, model.catalog.organization.spec.aws?.managementAccountId ?? '']);
  for (const record of live.records) {
    if (claimed.has(record.id) || !record.active || management.has(record.id)) continue;
    const tag = record.tags[TAG_UNIT];
    if (tag && model.unit(tag)) continue;
    acc.unclaimed.push({ cloud, id: record.id, name: record.name, ...(record.identity ? { email: record.identity } : {}), path: record.location, ...(tag ? { tag } : {}) });
  }
}

function planUnit(
  unit: EffectiveUnit,
  found: LiveUnit | undefined,
  target: string,
  live: LiveView,
  change: (action: UnitAction, detail: string, extra?: Partial<UnitChange>) => void,
  cloud: Cloud,
): void {
  const container = cloud === 'aws' ? 'account' : 'subscription';
  if (unit.lifecycle === 'decommissioned') {
    if (found?.active) {
      change('decommission', `revoke access, quarantine, remove baseline, ${cloud === 'aws' ? 'close the account' : 'cancel the subscription'}`, {
        from: found.location,
        to: target,
      });
    }
    return;
  }
  if (!found) {
    const untagged = live.byIdentity.get(unit.identity.toLowerCase());
    if (untagged) {
      change('conflict', `${container} ${untagged} already uses ${unit.identity} but has no ${TAG_UNIT} tag; tag it ${TAG_UNIT}=${unit.name} to adopt it`);
      return;
    }
    change('create', `new ${container} ${unit.identity} from template ${unit.template.name}@${unit.template.version}`, { to: target });
    return;
  }
  if (!found.active) {
    change('conflict', `${container} ${found.id} is ${found.state}; a closed ${container} cannot be reused, give the unit a new name`);
    return;
  }
  if (found.location !== target) change('move', `${container} ${found.id}`, { from: found.location, to: target });
  if (found.baseline !== unit.baselineHash) {
    change('rebaseline', `baseline ${found.baseline ?? 'none'} → ${unit.baselineHash} (template ${unit.template.name}@${unit.template.version})`);
  }
}

interface LiveView {
  /** Hierarchy location → policy names attached there. */
  readonly nodes: Map<string, string[]>;
  /** Every live account or subscription. */
  readonly records: readonly LiveRecord[];
  /** The management account: never a unit, never unclaimed. */
  readonly management: ReadonlySet<string>;
  readonly byUnit: Map<string, LiveUnit>;
  /** Lower-cased e-mail / alias of accounts or subscriptions without a vend:unit tag → id. */
  readonly byIdentity: Map<string, string>;
}

/** One live account or subscription before it is matched to a unit. */
interface LiveRecord {
  readonly id: string;
  readonly name: string;
  readonly identity?: string;
  readonly location: string;
  readonly state: string;
  readonly active: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

function liveView(nodes: Iterable<[string, readonly string[]]>, records: readonly LiveRecord[], management: readonly string[] = []): LiveView {
  const view: LiveView = { nodes: new Map(), records, management: new Set(management), byUnit: new Map(), byIdentity: new Map() };
  for (const [location, policies] of nodes) view.nodes.set(location, [...policies].sort());
  for (const record of records) {
    if (view.management.has(record.id)) continue;
    const unit = record.tags[TAG_UNIT];
    if (!unit) {
      if (record.identity) view.byIdentity.set(record.identity.toLowerCase(), record.id);
      continue;
    }
    const live: LiveUnit = { ...record, baseline: record.tags[TAG_BASELINE] };
    // Names can be reused after a closure: an active account or subscription wins over a closed one.
    const existing = view.byUnit.get(unit);
    if (!existing || (!existing.active && live.active)) view.byUnit.set(unit, live);
  }
  return view;
}

function awsView(inventory: Inventory): LiveView {
  const aws = inventory.aws ?? { organizationalUnits: [], accounts: [] };
  return liveView(
    aws.organizationalUnits.map((ou) => [ou.path, ou.policies]),
    aws.accounts.map((a) => ({ id: a.id, name: a.name, identity: a.email, location: a.ouPath, state: a.status, active: !CLOSED_ACCOUNT_STATES.has(a.status), tags: a.tags })),
    aws.managementAccountId ? [aws.managementAccountId] : [],
  );
}

function azureView(inventory: Inventory): LiveView {
  const azure = inventory.azure ?? { managementGroups: [], subscriptions: [] };
  return liveView(
    azure.managementGroups.map((group) => [group.id, group.policyAssignments]),
    azure.subscriptions.map((s) => ({
      id: s.id,
      name: s.displayName,
      identity: s.alias,
      location: s.managementGroupId,
      state: s.state,
      active: !CLOSED_SUBSCRIPTION_STATES.has(s.state),
      tags: s.tags,
    })),
  );
}

/** True when applying the plan would change nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  const s = plan.summary;
  return s.nodes + s.create + s.move + s.rebaseline + s.decommission + s.conflict + s.attach + s.detach === 0;
}
