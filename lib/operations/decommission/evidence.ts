/** What the audit ledger and an inventory snapshot say about a unit: the ids recorded for it, and whether it was closed. */
import { TAG_UNIT, type Cloud, type Inventory } from '../../model';
import type { LedgerEntry } from '../ledger';

/** The ledger actions that end a unit: its account closed or its subscription cancelled, or a complete run. */
export const ENDING_ACTIONS: Readonly<Record<Cloud, string>> = { aws: 'decommission.close', azure: 'decommission.cancel' };

/** The ledger entry that shows the unit out of service, if any. */
export function closedPerLedger(entries: readonly LedgerEntry[], unit: string, cloud: Cloud): LedgerEntry | undefined {
  return entries.find((e) => e.unit === unit && e.outcome === 'done' && (e.action === ENDING_ACTIONS[cloud] || e.action === 'decommission'));
}

/** Account / subscription ids the ledger and the inventory recorded for the unit. */
export function recordedIds(entries: readonly LedgerEntry[], inventory: Inventory | undefined, unit: string, cloud: Cloud): Array<{ id: string; source: string }> {
  const out = new Map<string, string>();
  for (const e of entries) if (e.unit === unit && e.target && e.action.startsWith('decommission')) out.set(e.target, 'ledger');
  const live = cloud === 'aws' ? (inventory?.aws?.accounts ?? []) : (inventory?.azure?.subscriptions ?? []);
  for (const r of live) if (r.tags[TAG_UNIT] === unit && !out.has(r.id)) out.set(r.id, 'inventory');
  return [...out].map(([id, source]) => ({ id, source }));
}
