/**
 * The live evidence `vend validate` weighs before a unit file may leave the catalog: an inventory
 * snapshot and what the audit ledger (verified first) records per unit.
 */
import { loadInventory, type Diagnostic, type LiveEvidence, type UnitLedgerRecord } from '../../model';
import type { Ledger, LedgerEntry } from '../ledger';
import { ENDING_ACTIONS } from './evidence';

/** Per unit: the ids decommissions were started on, and the ids the ledger shows closed. */
export function unitLedgerRecords(entries: readonly LedgerEntry[]): Map<string, UnitLedgerRecord> {
  const records = new Map<string, { started: Set<string>; closed: Set<string> }>();
  const of = (unit: string) => records.get(unit) ?? records.set(unit, { started: new Set(), closed: new Set() }).get(unit)!;
  const ending = new Set(Object.values(ENDING_ACTIONS));
  for (const e of entries) {
    if (!e.unit || !e.action.startsWith('decommission')) continue;
    const r = of(e.unit);
    if (e.target && e.outcome === 'requested') r.started.add(e.target);
    if (e.target && e.outcome === 'done' && (ending.has(e.action) || e.action === 'decommission')) r.closed.add(e.target);
    // A run that found nothing live (or the unit already closed) ends every decommission started before it.
    if (e.action === 'decommission' && e.outcome === 'skipped') for (const id of r.started) r.closed.add(id);
  }
  return new Map([...records].map(([unit, r]) => [unit, { started: [...r.started], closed: [...r.closed] }]));
}

export async function liveEvidence(input: { inventory?: string; ledger?: Ledger }): Promise<{ evidence?: LiveEvidence; diagnostics: Diagnostic[] }> {
  if (!input.inventory && !input.ledger) return { diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const loaded = input.inventory ? loadInventory(input.inventory) : undefined;
  diagnostics.push(...(loaded?.diagnostics ?? []));
  let ledger: LiveEvidence['ledger'];
  if (input.ledger) {
    const state = await input.ledger.inspect();
    if (state.condition === 'ok') ledger = unitLedgerRecords(input.ledger.entries());
    else {
      const problems = state.condition === 'absent' ? ['it does not exist'] : state.problems;
      diagnostics.push({ code: 'ledger-unverified', severity: 'error', file: input.ledger.file, line: 0, path: '', message: `the audit ledger cannot be trusted: ${problems.join('; ')}` });
    }
  }
  return { evidence: { inventory: loaded?.inventory, ledger }, diagnostics };
}
