#!/usr/bin/env node
/**
 * The CDK app entry (cdk.json → `node dist/bin/aws-app.js`): the AWS realization of the catalog in
 * `VEND_CATALOG` (default `catalog`). `cdk synth` needs no credentials; `cdk deploy --all` runs
 * from the management account (see README).
 */
import { VendAwsApp } from '../lib/aws';
import { CatalogError, formatDiagnostic, loadInventory, loadModel, TAG_UNIT } from '../lib/model';

/**
 * VEND_MAX_NEW_ACCOUNTS (with VEND_INVENTORY, as `vend inventory --cloud aws` writes it): create at
 * most that many new accounts in this deploy; the others wait for the next run.
 */
function batchFromEnvironment(): { existing: Set<string>; maxNewAccounts: number } | undefined {
  const max = process.env.VEND_MAX_NEW_ACCOUNTS;
  if (max === undefined || max === '') return undefined;
  const maxNewAccounts = Number(max);
  if (!Number.isInteger(maxNewAccounts) || maxNewAccounts < 1) throw new Error(`VEND_MAX_NEW_ACCOUNTS must be a positive integer (got '${max}')`);
  const file = process.env.VEND_INVENTORY;
  if (!file) throw new Error('VEND_MAX_NEW_ACCOUNTS needs VEND_INVENTORY: the inventory that says which accounts exist');
  const { inventory, diagnostics } = loadInventory(file);
  if (!inventory) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  const existing = new Set((inventory.aws?.accounts ?? []).map((a) => a.tags[TAG_UNIT]).filter((u): u is string => u !== undefined));
  return { existing, maxNewAccounts };
}

function main(): void {
  let model;
  try {
    model = loadModel({ catalogDir: process.env.VEND_CATALOG ?? 'catalog' });
  } catch (err) {
    if (err instanceof CatalogError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  // Always from the management account: Organizations' CreateAccount / CreateOrganizationalUnit and
  // the security services' delegated-administrator designations can be called only there.
  const vend = new VendAwsApp(model, { nag: process.env.VEND_NAG !== 'false', batch: batchFromEnvironment() });
  if (vend.deferred.length > 0) {
    process.stderr.write(`vend: ${vend.deferred.length} new account(s) left for the next deploy: ${vend.deferred.join(', ')}\n`);
  }
  vend.app.synth();
}

main();
