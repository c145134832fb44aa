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
