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

/** An account or subscription as a person knows it: never only an id. */
export interface LiveIdentity {
  readonly id: string;
  /** Account name or subscription display name. */
  readonly name: string;
  /** Account root e-mail or subscription alias, when known. */
  readonly email?: string;
  /** OU path or management-group id it sits in; `` for the organization root. */
  readonly path: string;
}

export interface DriftFinding {
  readonly kind: DriftKind;
  readonly cloud: Cloud;
  /** Catalog unit concerned, when there is one. */
  readonly unit?: string;
  /** Account / subscription id, OU path or management-group id. */
  readonly resource: string;
  /** The account or subscription concerned, by name, e-mail and path. */
  readonly live?: LiveIdentity;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface DriftReport {
  /** The clouds compared: asked for, and present in the inventory. */
  readonly clouds: readonly Cloud[];
  /** Clouds asked for that the inventory did not read: nothing is claimed about them. */
  readonly notRead: readonly Cloud[];
  /** When the inventory was read, if it says. */
  readonly takenAt?: string;
  readonly findings: readonly DriftFinding[];
  readonly inSync: boolean;
}

export function computeDrift(model: VendModel, inventory: Inventory, clouds: readonly Cloud[] = ['aws', 'azure']): DriftReport {
  const findings: DriftFinding[] = [];
  const read = clouds.filter((c) => inventory[c] !== undefined);
  if (read.includes('aws') && inventory.aws) findings.push(...awsDrift(model, inventory.aws));
  if (read.includes('azure') && inventory.azure) findings.push(...azureDrift(model, inventory.azure));
  findings.sort((a, b) => compareStrings(key(a), key(b)));
  return {
    clouds: read,
    notRead: clouds.filter((c) => !read.includes(c)),
    ...(inventory.takenAt ? { takenAt: inventory.takenAt } : {}),
    findings,
    inSync: findings.length === 0,
  };
}

const key = (f: DriftFinding) => `${f.cloud}\u0000${DRIFT_KINDS.indexOf(f.kind)}\u0000${f.unit ?? ''}\u0000${f.resource}`;

interface Live {
  readonly id: string;
  readonly unitTag?: string;
  readonly gone: boolean;
  readonly status: string;
  /** Where it is, as shown (OU path or management group). */
  readonly location: string;
  /** Where it is, as compared: the parent's id (an OU path is only a name and can be imitated). */
  readonly locationId: string;
  readonly identity: LiveIdentity;
}

/** `account 123 'sandbox' <sandbox@x.example> in acme/dev` */
export function describeLive(word: string, l: LiveIdentity): string {
  return `${word} ${l.id} '${l.name}'${l.email ? ` <${l.email}>` : ''} in ${l.path || '(root)'}`;
}

/** The checks both clouds share: mapping by tag, missing, unmanaged, duplicates, placement, lifecycle. */
function unitDrift(
  cloud: Cloud,
  model: VendModel,
  live: readonly Live[],
  expected: (unit: EffectiveUnit) => { readonly path: string; readonly id: string },
  ignore: (l: Live) => boolean,
): DriftFinding[] {
  const out: DriftFinding[] = [];
  const word = cloud === 'aws' ? 'account' : 'subscription';
  const units = model.units.filter((u) => u.cloud === cloud);
  const unitNames = new Set(units.map((u) => u.name));
  const byIdentity = new Map(units.map((u) => [u.identity.toLowerCase(), u]));
  for (const l of live) {
    if (ignore(l) || l.gone) continue;
    if (l.unitTag && unitNames.has(l.unitTag)) continue;
    out.push(unmanaged(cloud, word, l, byIdentity.get(l.identity.email?.toLowerCase() ?? '')));
  }
  const untagged = new Map(live.filter((l) => !l.unitTag && !l.gone && l.identity.email).map((l) => [l.identity.email!.toLowerCase(), l]));
  for (const unit of units) {
    const mine = live.filter((l) => l.unitTag === unit.name);
    const current = mine.filter((l) => !l.gone);
    if (mine.length === 0) {
      if (unit.lifecycle === 'active') out.push(missing(cloud, word, unit, untagged.get(unit.identity.toLowerCase())));
      continue;
    }
    if (current.length > 1) {
      out.push({
        kind: 'duplicate-unit',
        cloud,
        unit: unit.name,
        resource: current.map((l) => l.id).join(','),
        message: `unit ${unit.name} maps to ${current.length} live ${word}s: ${current.map((l) => describeLive(word, l.identity)).join('; ')}`,
      });
    }
    const want = expected(unit);
    for (const l of mine) {
      if (l.locationId !== want.id && !(l.gone && unit.lifecycle === 'active')) {
        out.push({
          kind: 'wrong-placement',
          cloud,
          unit: unit.name,
          resource: l.id,
          live: l.identity,
          message: `${describeLive(word, l.identity)} belongs to ${unit.name} and should be in ${want.path}`,
          expected: want.path,
          actual: l.location,
        });
      }
    }
    out.push(...lifecycleDrift(cloud, word, unit, mine, current));
  }
  return out;
}

function unmanaged(cloud: Cloud, word: string, l: Live, sameIdentity: EffectiveUnit | undefined): DriftFinding {
  const what = describeLive(word, l.identity);
  let message = l.unitTag
    ? `${what} is tagged ${TAG_UNIT}=${l.unitTag}, which is not a ${cloud} unit in the catalog`
    : `${what} has no ${TAG_UNIT} tag and is not managed by the catalog`;
  if (sameIdentity && !l.unitTag) message += `; it uses the ${cloud === 'aws' ? 'e-mail' : 'alias'} of unit ${sameIdentity.name}: tag it ${TAG_UNIT}=${sameIdentity.name} (vend adopt) to manage it`;
  return { kind: 'unmanaged', cloud, resource: l.id, live: l.identity, message, actual: l.unitTag };
}

function missing(cloud: Cloud, word: string, unit: EffectiveUnit, sameIdentity: Live | undefined): DriftFinding {
  const base = `unit ${unit.name} has no ${word} tagged ${TAG_UNIT}=${unit.name}`;
  const message = sameIdentity
    ? `${base}; ${describeLive(word, sameIdentity.identity)} already uses its ${cloud === 'aws' ? 'e-mail' : 'alias'} without the tag (vend adopt)`
    : `${base} (expected ${cloud === 'aws' ? 'e-mail' : 'alias'} ${unit.identity})`;
  return { kind: 'unit-missing', cloud, unit: unit.name, resource: sameIdentity?.id ?? unit.identity, ...(sameIdentity ? { live: sameIdentity.identity } : {}), message };
}

function lifecycleDrift(cloud: Cloud, word: string, unit: EffectiveUnit, mine: readonly Live[], current: readonly Live[]): DriftFinding[] {
  if (unit.lifecycle === 'active' && current.length === 0) {
    return [{
      kind: 'lifecycle-mismatch',
      cloud,
      unit: unit.name,
      resource: mine.map((l) => l.id).join(','),
      live: mine[0].identity,
      message: `unit ${unit.name} is active but its ${word} is ${mine.map((l) => l.status).join(', ')}`,
      expected: 'active',
      actual: mine[0].status,
    }];
  }
  if (unit.lifecycle === 'decommissioned' && current.length > 0) {
    return [{
      kind: 'lifecycle-mismatch',
      cloud,
      unit: unit.name,
      resource: current.map((l) => l.id).join(','),
      live: current[0].identity,
      message: `unit ${unit.name} is decommissioned but ${describeLive(word, current[0].identity)} is still ${current[0].status} (run vend decommission ${unit.name})`,
      expected: 'decommissioned',
      actual: current[0].status,
    }];
  }
  return [];
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
  const ouIdByPath = new Map(aws.organizationalUnits.map((o) => [o.path, o.id]));
  // the root has no path; an account listed without ouId is located by its (escaped) path
  const idOf = (path: string) => ouIdByPath.get(path) ?? `path:${path}`;
  const live: Live[] = aws.accounts.map((a) => ({
    id: a.id,
    unitTag: a.tags[TAG_UNIT],
    gone: CLOSED_ACCOUNT_STATES.has(a.status),
    status: a.status,
    location: a.ouPath,
    locationId: a.ouPath === '' ? 'root' : (a.ouId ?? idOf(a.ouPath)),
    identity: { id: a.id, name: a.name, email: a.email, path: a.ouPath },
  }));
  const expected = (u: EffectiveUnit) => {
    const path = model.hierarchy.node(u.placement).aws.path;
    return { path, id: idOf(path) };
  };
  const out = unitDrift('aws', model, live, expected, (l) => mgmt.has(l.id));
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
    // management-group ids are tenant-unique ids already
    locationId: s.managementGroupId,
    identity: { id: s.id, name: s.displayName, ...(s.alias ? { email: s.alias } : {}), path: s.managementGroupId },
  }));
  const expected = (u: EffectiveUnit) => {
    const id = model.hierarchy.node(u.placement).azure.id;
    return { path: id, id };
  };
  const out = unitDrift('azure', model, live, expected, () => false);
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
