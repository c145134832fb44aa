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
  // Deploying from a delegated administrator instead of the management account:
  //   cdk deploy --all -c vend:deploymentAccount=222233334444 -c vend:stackSetsAsDelegatedAdmin=true
  const vend = new VendAwsApp(model, { nag: process.env.VEND_NAG !== 'false' });
  vend.app.synth();
}

main();
