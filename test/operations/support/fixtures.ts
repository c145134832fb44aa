import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadModel, type VendModel } from '../../../lib/model';
import { AwsClients } from '../../../lib/operations/aws/clients';
import { auditSettings, openLedger, openLocks, type AuditSettings, type Ledger } from '../../../lib/operations/ledger';
import type { LockStore } from '../../../lib/operations/locks';
import { REPO_ROOT } from './moto';

export const CATALOG = path.join(REPO_ROOT, 'catalog');

let cached: VendModel | undefined;
export function demoModel(): VendModel {
  return (cached ??= loadModel({ catalogDir: CATALOG }));
}

/** Clients against a local endpoint: no rate limits, quick retries. */
export function localAws(endpoint: string): AwsClients {
  return new AwsClients({ endpoint, gateOptions: { unlimited: true, backoff: { baseMs: 5, capMs: 50 } } });
}

/** A ledger, its anchor, a local signing key and a lock directory, all in a new temporary directory. */
export function tempAudit(options: { now?: () => Date; log?: (m: string) => void } = {}): { ledger: Ledger; locks: LockStore; settings: AuditSettings } {
  const settings = auditSettings({ ledger: path.join(mkdtempSync(path.join(tmpdir(), 'vend-ledger-')), 'audit.jsonl'), env: {} });
  return { ledger: openLedger(settings, { createDevKey: true, ...options }), locks: openLocks(settings.locks), settings };
}

export function tempLedger(options: { now?: () => Date } = {}): Ledger {
  return tempAudit(options).ledger;
}

/** The demo model with `unit` given access entries (as it had while it was active). */
export function withUnitAccess(model: VendModel, unit: string): VendModel {
  const { buildModel } = require('../../../lib/model') as typeof import('../../../lib/model');
  const units = model.catalog.units.map((u) =>
    u.spec.name === unit
      ? { ...u, spec: { ...u.spec, access: [{ group: 'legacy-operators', role: 'contributor' as const }, { group: 'legacy-readers', role: 'viewer' as const }] } }
      : u,
  );
  return buildModel({ ...model.catalog, units });
}

/** The model with `unit` marked decommissioned (as its pull request would). */
export function decommissionedModel(model: VendModel, unit: string, extra: { protected?: boolean } = {}): VendModel {
  const { buildModel } = require('../../../lib/model') as typeof import('../../../lib/model');
  const units = model.catalog.units.map((u) => (u.spec.name === unit ? { ...u, spec: { ...u.spec, lifecycle: 'decommissioned' as const, ...extra } } : u));
  return buildModel({ ...model.catalog, units });
}

/** A copy of the demo catalog with `unit` marked decommissioned, for child processes. */
export function catalogWithDecommissioned(unit: string): string {
  return catalogCopy({ decommissioned: [unit] });
}

/** A copy of the demo catalog with units marked decommissioned and, optionally, a closure quota of `closures` per 30 days. */
export function catalogCopy(options: { decommissioned?: readonly string[]; closures?: number }): string {
  const { cpSync, appendFileSync, readFileSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const dir = mkdtempSync(path.join(tmpdir(), 'vend-catalog-'));
  cpSync(CATALOG, dir, { recursive: true });
  for (const unit of options.decommissioned ?? []) {
    const file = path.join(dir, 'units', `${unit}.yaml`);
    if (!/^lifecycle: decommissioned$/m.test(readFileSync(file, 'utf8'))) appendFileSync(file, '\nlifecycle: decommissioned\n');
  }
  if (options.closures !== undefined) {
    const org = path.join(dir, 'organization.yaml');
    const n = options.closures;
    writeFileSync(org, readFileSync(org, 'utf8').replace(/^quotas: \{\}$/m, `quotas: { accountClosurePercent: 1, accountClosureMinimum: ${n}, accountClosureMaximum: ${n} }`));
  }
  return dir;
}
