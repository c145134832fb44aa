import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatDiagnostic, loadCatalog, loadInventory, validateCatalog, type LedgerEntryLike } from './support/removed-units';
import { unitLedgerRecords } from '../../lib/operations/decommission/live-evidence';
import { auditSettings, openLedger, type LedgerEntry } from '../../lib/operations/ledger';
import { runCli } from '../cli/run-cli';

const FIXTURES = path.join(__dirname, 'fixtures/removed-units');
const CATALOG = path.join(__dirname, '../../catalog');

/** The bundled catalog, copied, with the fixture's units removed. */
function catalogWithout(units: readonly string[]): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-removed-')), 'catalog');
  cpSync(CATALOG, dir, { recursive: true });
  for (const u of units) rmSync(path.join(dir, 'units', `${u}.yaml`));
  return dir;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('removing a unit file before its account or subscription is closed', () => {
  test.each(readdirSync(FIXTURES))('%s', (scenario) => {
    const dir = path.join(FIXTURES, scenario);
    const catalogDir = catalogWithout(lines(path.join(dir, 'remove.txt')));
    const loaded = loadCatalog({ catalogDir });
    expect(loaded.diagnostics).toEqual([]);
    const inventoryFile = path.join(dir, 'inventory.json');
    const ledgerFile = path.join(dir, 'ledger.jsonl');
    const inventory = existsSync(inventoryFile) ? loadInventory(inventoryFile).inventory! : undefined;
    const ledger = existsSync(ledgerFile) ? unitLedgerRecords(lines(ledgerFile).map((l) => JSON.parse(l) as LedgerEntryLike as LedgerEntry)) : undefined;
    // every diagnostic, not only this rule's: the catalog without the unit is otherwise valid
    const found = validateCatalog(loaded.catalog!, { inventory, ledger }).map((d) => {
      expect(d.code).toBe('unit-removed-before-closure');
      return formatDiagnostic({ ...d, file: d.file.replace(catalogDir, 'catalog') });
    });
    expect(found).toEqual(lines(path.join(dir, 'expected.txt')));
  });
});

describe('vend validate --inventory --ledger', () => {
  test('exits 1 naming the removed unit file, and refuses a ledger that fails verification', async () => {
    const catalogDir = catalogWithout(['space-eu-legacy-dev']);
    const inventory = path.join(FIXTURES, 'removed-live-aws/inventory.json');
    const r = await runCli(['validate', '--catalog', catalogDir, '--inventory', inventory]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/units\/space-eu-legacy-dev\.yaml: the unit file is gone, but its AWS account 210987654321/);

    // A ledger that records the closure lets the file go; the same ledger tampered with does not count.
    const ledgerFile = path.join(mkdtempSync(path.join(tmpdir(), 'vend-ledger-')), 'audit.jsonl');
    const ledger = openLedger(auditSettings({ ledger: ledgerFile, env: {} }), { createDevKey: true });
    for (const outcome of ['requested', 'done'] as const) await ledger.append({ actor: 't', action: outcome === 'done' ? 'decommission.close' : 'decommission', unit: 'space-eu-legacy-dev', target: '210987654321', outcome });
    expect((await runCli(['validate', '--catalog', catalogDir, '--inventory', inventory, '--ledger', ledgerFile])).code).toBe(0);
    writeFileSync(ledgerFile, readFileSync(ledgerFile, 'utf8').replace('"actor":"t"', '"actor":"x"'));
    const tampered = await runCli(['validate', '--catalog', catalogDir, '--inventory', inventory, '--ledger', ledgerFile]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/audit\.jsonl: the audit ledger cannot be trusted: .*:1: content does not match its hash/);
    expect(tampered.stdout).toMatch(/space-eu-legacy-dev\.yaml: the unit file is gone/);
  });
});
