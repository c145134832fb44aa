export { formatDiagnostic, loadCatalog, loadInventory, validateCatalog } from '../../../lib/model';
/** A ledger line as the fixtures write it: only what the rule reads. */
export interface LedgerEntryLike {
  readonly action: string;
  readonly unit?: string;
  readonly target?: string;
  readonly outcome: string;
}
