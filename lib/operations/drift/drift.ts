/**
 * Drift: what the catalog says against what the inventory snapshot shows. A pure function of the
 * model and the snapshot, so every kind of drift is testable without a cloud.
 */
import {
  CLOSED_ACCOUNT_STATES,
  CLOSED_SUBSCRIPTION_STATES,
  compareStrings,
  guardrailsAt,
  TAG_UNIT,
  type Cloud,
  type EffectiveUnit,
  type HierarchyNode,
  type Inventory,
  type VendModel,
} from '../../model';

export const DRIFT_KINDS = [
  'unit-missing',
  'unmanaged',
  'duplicate-unit',
  'wrong-placement',
  'node-missing',
  'guardrail-detached',
  'guardrail-extra',
  'lifecycle-mismatch',
  'baseline-drifted',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface DriftFinding {
  readonly kind: DriftKind;
  readonly cloud: Cloud;
  /** Catalog unit concerned, when there is one. */
  readonly unit?: string;
  /** Account / subscription id, OU path or management-group id. */
  readonly resource: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface DriftReport {
  readonly clouds: readonly Cloud[];
  readonly findings: readonly DriftFinding[];
  readonly inSync: boolean;
}

export function computeDrift(model: VendModel, inventory: Inventory, clouds: readonly Cloud[] = ['aws', 'azure']): DriftReport {
  const findings: DriftFinding[] = [];
  if (clouds.includes('aws') && inventory.aws) findings.push(...awsDrift(model, inventory.aws));
  if (clouds.includes('azure') && inventory.azure) findings.push(...azureDrift(model, inventory.azure));
  findings.sort((a, b) => compareStrings(key(a), key(b)));
  return { clouds, findings, inSync: findings.length === 0 };
}

const key = (f: DriftFinding) => `${f.cloud}\u0000${DRIFT_KINDS.indexOf(f.kind)}\u0000${f.unit ?? ''}\u0000${f.resource}`;

interface Live {
  readonly id: string;
  readonly unitTag?: string;
  readonly gone: boolean;
  readonly status: string;
  readonly location: string;
}

/** The checks both clouds share: mapping by tag, missing, unmanaged, duplicates, placement, lifecycle. */
function unitDrift(
  cloud: Cloud,
  model: VendModel,
  live: readonly Live[],
  expectedLocation: (unit: EffectiveUnit) => string,
  ignore: (l: Live) => boolean,
): DriftFinding[] {
  const out: DriftFinding[] = [];
  const word = cloud === 'aws' ? 'account' : 'subscription';
  const units = model.units.filter((u) => u.cloud === cloud);
  const unitNames = new Set(units.map((u) => u.name));
  for (const l of live) {
    if (ignore(l) || l.gone) continue;
    if (!l.unitTag || !unitNames.has(l.unitTag)) {
      out.push({
        kind: 'unmanaged',
        cloud,
        resource: l.id,
        message: l.unitTag
          ? `${word} ${l.id} is tagged ${TAG_UNIT}=${l.unitTag}, which is not a ${cloud} unit in the catalog`
          : `${word} ${l.id} has no ${TAG_UNIT} tag and is not managed by the catalog`,
        actual: l.unitTag,
      });
    }
  }
  for (const unit of units) {
    const mine = live.filter((l) => l.unitTag === unit.name);
    const current = mine.filter((l) => !l.gone);
    if (mine.length === 0) {
      if (unit.lifecycle === 'active') {
        out.push({ kind: 'unit-missing', cloud, unit: unit.name, resource: unit.identity, message: `unit ${unit.name} has no ${word} tagged ${TAG_UNIT}=${unit.name}` });
      }
      continue;
    }
    if (current.length > 1) {
      out.push({
        kind: 'duplicate-unit',
        cloud,
        unit: unit.name,
        resource: current.map((l) => l.id).join(','),
        message: `unit ${unit.name} maps to ${current.length} live ${word}s: ${current.map((l) => l.id).join(', ')}`,
      });
    }
    const expected = expectedLocation(unit);
    for (const l of mine) {
      if (l.location !== expected && !(l.gone && unit.lifecycle === 'active')) {
        out.push({
          kind: 'wrong-placement',
          cloud,
          unit: unit.name,
          resource: l.id,
          message: `${word} ${l.id} of ${unit.name} is in ${l.location || '(root)'}, expected ${expected}`,
          expected,
          actual: l.location,
        });
      }
    }
    if (unit.lifecycle === 'active' && current.length === 0) {
      out.push({
        kind: 'lifecycle-mismatch',
        cloud,
        unit: unit.name,
        resource: mine.map((l) => l.id).join(','),
        message: `unit ${unit.name} is active but its ${word} is ${mine.map((l) => l.status).join(', ')}`,
        expected: 'active',
        actual: mine[0].status,
      });
    }
    if (unit.lifecycle === 'decommissioned' && current.length > 0) {
      out.push({
        kind: 'lifecycle-mismatch',
        cloud,
        unit: unit.name,
        resource: current.map((l) => l.id).join(','),
        message: `unit ${unit.name} is decommissioned but its ${word} is still ${current[0].status} (run vend decommission ${unit.name})`,
        expected: 'decommissioned',
        actual: current[0].status,
      });
    }
  }
  return out;
}

function guardrailDrift(
  cloud: Cloud,
  nodes: readonly HierarchyNode[],
  expectedNames: (node: HierarchyNode) => string[],
  actual: (node: HierarchyNode) => string[] | undefined,
  where: (node: HierarchyNode) => string,
): DriftFinding[] {
  const out: DriftFinding[] = [];
  for (const node of nodes) {
    const have = actual(node);
    const at = where(node);
    if (!have) {
      out.push({ kind: 'node-missing', cloud, resource: at, message: `${cloud === 'aws' ? 'OU' : 'management group'} ${at} does not exist` });
      continue;
    }
    const want = expectedNames(node);
    for (const name of want.filter((n) => !have.includes(n))) {
      out.push({ kind: 'guardrail-detached', cloud, resource: at, message: `${name} is not attached at ${at}`, expected: name });
    }
    for (const name of have.filter((n) => !want.includes(n))) {
      out.push({ kind: 'guardrail-extra', cloud, resource: at, message: `${name} is attached at ${at} but the catalog does not place it there`, actual: name });
    }
  }
  return out;
}

function awsDrift(model: VendModel, aws: NonNullable<Inventory['aws']>): DriftFinding[] {
  const mgmt = new Set([model.catalog.organization.spec.aws?.managementAccountId, aws.managementAccountId].filter(Boolean));
  const live: Live[] = aws.accounts.map((a) => ({
    id: a.id,
    unitTag: a.tags[TAG_UNIT],
    gone: CLOSED_ACCOUNT_STATES.has(a.status),
    status: a.status,
    location: a.ouPath,
  }));
  const out = unitDrift('aws', model, live, (u) => model.hierarchy.node(u.placement).aws.path, (l) => mgmt.has(l.id));
  const ous = new Map(aws.organizationalUnits.map((o) => [o.path, o]));
  out.push(
    ...guardrailDrift(
      'aws',
      model.hierarchy.nodes,
      (n) => [...guardrailsAt(model.catalog, n, 'aws').keys()].sort(),
      (n) => ous.get(n.aws.path)?.policies,
      (n) => n.aws.path,
    ),
  );
  for (const a of aws.accounts) {
    for (const p of a.policies ?? []) {
      out.push({ kind: 'guardrail-extra', cloud: 'aws', unit: a.tags[TAG_UNIT], resource: a.id, message: `${p} is attached directly to account ${a.id}; vend attaches guardrails to OUs only`, actual: p });
    }
  }
  for (const s of aws.stacks ?? []) {
    if (s.driftStatus === 'DRIFTED') {
      out.push({ kind: 'baseline-drifted', cloud: 'aws', unit: s.unit, resource: s.name, message: `baseline stack ${s.name} has drifted from its template`, actual: 'DRIFTED' });
    }
  }
  return out;
}

function azureDrift(model: VendModel, azure: NonNullable<Inventory['azure']>): DriftFinding[] {
  const live: Live[] = azure.subscriptions.map((s) => ({
    id: s.id,
    unitTag: s.tags[TAG_UNIT],
    gone: CLOSED_SUBSCRIPTION_STATES.has(s.state),
    status: s.state,
    location: s.managementGroupId,
  }));
  const out = unitDrift('azure', model, live, (u) => model.hierarchy.node(u.placement).azure.id, () => false);
  const groups = new Map(azure.managementGroups.map((g) => [g.id, g]));
  out.push(
    ...guardrailDrift(
      'azure',
      model.hierarchy.nodes,
      (n) => [...guardrailsAt(model.catalog, n, 'azure').keys()].sort(),
      (n) => groups.get(n.azure.id)?.policyAssignments,
      (n) => n.azure.id,
    ),
  );
  return out;
}
