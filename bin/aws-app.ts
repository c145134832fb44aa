#!/usr/bin/env node
/**
 * The CDK app entry (cdk.json → `node dist/bin/aws-app.js`): the AWS realization of the catalog in
 * `VEND_CATALOG` (default `catalog`). `cdk synth` needs no credentials; `cdk deploy --all` runs
 * from the management account (see README).
 */
import { VendAwsApp } from '../lib/aws';
import { CatalogError, loadModel } from '../lib/model';

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
  const vend = new VendAwsApp(model, { nag: process.env.VEND_NAG !== 'false' });
  vend.app.synth();
}

main();
