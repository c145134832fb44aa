import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadModel, type VendModel } from '../../../lib/model';
import { AwsClients } from '../../../lib/operations/aws/clients';
import { Ledger } from '../../../lib/operations/ledger';
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

export function tempLedger(): Ledger {
  return new Ledger(path.join(mkdtempSync(path.join(tmpdir(), 'vend-ledger-')), 'audit.jsonl'));
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
  const { cpSync, appendFileSync } = require('node:fs') as typeof import('node:fs');
  const dir = mkdtempSync(path.join(tmpdir(), 'vend-catalog-'));
  cpSync(CATALOG, dir, { recursive: true });
  appendFileSync(path.join(dir, 'units', `${unit}.yaml`), '\nlifecycle: decommissioned\n');
  return dir;
}
