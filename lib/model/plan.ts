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
import { TAG_BASELINE, TAG_UNIT } from './naming';
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
  };
  readonly hierarchy: readonly NodeChange[];
  readonly units: readonly UnitChange[];
  readonly guardrails: readonly GuardrailChange[];
  /** Things the plan will deliberately not touch, e.g. accounts that no unit claims. */
  readonly notes: readonly string[];
}

/** A live account or subscription, reduced to what the plan compares. */
interface LiveUnit {
  readonly id: string;
  readonly location: string;
  readonly active: boolean;
  readonly state: string;
  readonly baseline?: string;
}

export function computePlan(model: VendModel, inventory: Inventory): Plan {
  const org = model.catalog.organization.spec;
  const hierarchy: NodeChange[] = [];
  const units: UnitChange[] = [];
  const guardrails: GuardrailChange[] = [];
  const notes: string[] = [];
  let unchanged = 0;

  // A cloud the snapshot did not read (`vend inventory --cloud aws`) is not planned: planning it
  // against nothing would claim that everything there must be created.
  const clouds: Cloud[] = [];
  for (const cloud of ['aws', 'azure'] as const) {
    if (!org[cloud]) continue;
    if (inventory[cloud]) clouds.push(cloud);
    else notes.push(`${cloud}: the inventory did not read this cloud, so it is not planned`);
  }

  for (const cloud of clouds) {
    const where = (node: HierarchyNode) => (cloud === 'aws' ? node.aws.path : node.azure.id);
    const live = cloud === 'aws' ? awsView(inventory) : azureView(inventory);

    for (const node of model.hierarchy.nodes) {
      const location = where(node);
      if (!live.nodes.has(location)) hierarchy.push({ cloud, node: location, action: 'create' });
      const desired = guardrailsAt(model.catalog, node, cloud);
      const current = live.nodes.get(location) ?? [];
      for (const [policy, control] of desired) {
        if (!current.includes(policy)) guardrails.push({ cloud, target: location, policy, control, action: 'attach' });
      }
      for (const policy of current) {
        if (desired.has(policy)) continue;
        if (policy.startsWith('vend-')) guardrails.push({ cloud, target: location, policy, action: 'detach' });
        else notes.push(`${cloud}: ${location} has policy '${policy}' that vend does not manage; left as is`);
      }
    }

    const claimed = new Set<string>();
    for (const unit of model.units.filter((u) => u.cloud === cloud)) {
      const target = where(model.hierarchy.node(unit.placement));
      const found = live.byUnit.get(unit.name);
      const change = (action: UnitAction, detail: string, extra: Partial<UnitChange> = {}) =>
        units.push({ cloud, unit: unit.name, kind: unit.kind, environment: unit.environment, action, detail, ...extra });
      if (found) claimed.add(found.id);
      const before = units.length;
      planUnit(unit, found, target, live, change, cloud);
      if (units.length === before) unchanged++;
    }
    for (const [name, found] of live.byUnit) {
      if (claimed.has(found.id) || model.unit(name)) continue;
      notes.push(`${cloud}: ${found.id} is tagged ${TAG_UNIT}=${name} but no unit file defines it; vend never closes what the catalog does not mark decommissioned`);
    }
  }

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
  const count = (action: UnitAction) => units.filter((u) => u.action === action).length;
  return {
    apiVersion: API_VERSION,
    kind: 'Plan',
    organization: org.name,
    summary: {
      nodes: hierarchy.length,
      create: count('create'),
      move: count('move'),
      rebaseline: count('rebaseline'),
      decommission: count('decommission'),
      conflict: count('conflict'),
      attach: guardrails.filter((g) => g.action === 'attach').length,
      detach: guardrails.filter((g) => g.action === 'detach').length,
      unchanged,
    },
    hierarchy,
    units,
    guardrails,
    notes,
  };
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
  readonly byUnit: Map<string, LiveUnit>;
  /** Lower-cased e-mail / alias of accounts or subscriptions without a vend:unit tag → id. */
  readonly byIdentity: Map<string, string>;
}

/** One live account or subscription before it is matched to a unit. */
interface LiveRecord {
  readonly id: string;
  readonly identity?: string;
  readonly location: string;
  readonly state: string;
  readonly active: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

function liveView(nodes: Iterable<[string, readonly string[]]>, records: Iterable<LiveRecord>): LiveView {
  const view: LiveView = { nodes: new Map(), byUnit: new Map(), byIdentity: new Map() };
  for (const [location, policies] of nodes) view.nodes.set(location, [...policies].sort());
  for (const record of records) {
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
    aws.accounts.map((a) => ({ id: a.id, identity: a.email, location: a.ouPath, state: a.status, active: !CLOSED_ACCOUNT_STATES.has(a.status), tags: a.tags })),
  );
}

function azureView(inventory: Inventory): LiveView {
  const azure = inventory.azure ?? { managementGroups: [], subscriptions: [] };
  return liveView(
    azure.managementGroups.map((group) => [group.id, group.policyAssignments]),
    azure.subscriptions.map((s) => ({
      id: s.id,
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
