/**
 * A unit file may leave the catalog only once its account or subscription is closed. Until then the
 * file stays, marked `lifecycle: decommissioned` (a tombstone): removing it would make the IaC drop
 * the resources that keep the unit quarantined (on Azure, the association that holds the
 * subscription under its management group, so it falls back to the tenant root group outside every
 * guardrail), with nothing left to close it. The live evidence is an inventory snapshot (which
 * accounts and subscriptions carry whose `vend:unit` tag, and their state) and the audit ledger
 * (which units vend closed, and which decommissions it started).
 */
import * as path from 'node:path';
import type { Catalog } from '../catalog';
import type { Diagnostic } from '../diagnostic';
import { CLOSED_ACCOUNT_STATES, CLOSED_SUBSCRIPTION_STATES } from '../guardrails';
import type { Inventory } from '../inventory';
import { TAG_UNIT } from '../naming';
import { displayPath } from '../package-paths';

export interface UnitLedgerRecord {
  /** The account / subscription ids a decommission of the unit was started on. */
  readonly started: readonly string[];
  /** The ids the ledger records as closed or cancelled. */
  readonly closed: readonly string[];
}

export interface LiveEvidence {
  readonly inventory?: Inventory;
  /** What the audit ledger says per unit name. */
  readonly ledger?: ReadonlyMap<string, UnitLedgerRecord>;
}

/** A rule that needs the live evidence as well as the catalog. */
export type LiveRule = (catalog: Catalog, live: LiveEvidence) => Diagnostic[];

interface Live {
  readonly unit: string;
  readonly id: string;
  readonly what: string;
  readonly closed: boolean;
}

function liveResources(inventory: Inventory | undefined): Live[] {
  const aws = (inventory?.aws?.accounts ?? []).map((a) => ({
    unit: a.tags[TAG_UNIT],
    id: a.id,
    what: `AWS account ${a.id} (${a.email}, ${a.ouPath || 'the organization root'}) is ${a.status}`,
    closed: CLOSED_ACCOUNT_STATES.has(a.status),
  }));
  const azure = (inventory?.azure?.subscriptions ?? []).map((s) => ({
    unit: s.tags[TAG_UNIT],
    id: s.id,
    what: `Azure subscription ${s.id} (${s.displayName}, ${s.managementGroupId}) is ${s.state}`,
    closed: CLOSED_SUBSCRIPTION_STATES.has(s.state),
  }));
  return [...aws, ...azure].filter((r): r is Live => typeof r.unit === 'string');
}

export const removedUnits: LiveRule = (catalog, live) => {
  const present = new Set(catalog.units.map((u) => u.spec.name));
  const file = (unit: string) => displayPath(path.join(catalog.root, 'units', `${unit}.yaml`));
  const fix = (unit: string) => `restore it with \`lifecycle: decommissioned\` and keep it (a tombstone) until \`vend decommission ${unit}\` has closed it`;
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const r of liveResources(live.inventory)) {
    if (present.has(r.unit) || r.closed || live.ledger?.get(r.unit)?.closed.includes(r.id)) continue;
    reported.add(`${r.unit}/${r.id}`);
    out.push({ code: 'unit-removed-before-closure', severity: 'error', file: file(r.unit), line: 0, path: '', message: `the unit file is gone, but its ${r.what} and the ledger records no closure; ${fix(r.unit)}` });
  }
  for (const [unit, record] of live.ledger ?? []) {
    const open = record.started.filter((id) => !record.closed.includes(id) && !reported.has(`${unit}/${id}`));
    if (present.has(unit) || open.length === 0) continue;
    const evidence = liveResources(live.inventory).filter((r) => r.unit === unit && open.includes(r.id) && r.closed);
    if (evidence.length === open.length) continue; // the inventory shows them closed
    out.push({ code: 'unit-removed-before-closure', severity: 'error', file: file(unit), line: 0, path: '', message: `the unit file is gone, but the ledger shows a decommission of ${open.join(', ')} started and never closed; ${fix(unit)}` });
  }
  return out;
};
