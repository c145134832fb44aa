/**
 * The AWS floor: a bare aws-cdk-lib L1 organization layer with the same aws-cdk-lib vend uses.
 * One organization stack with 8 OUs and 5 SCPs attached to them, then N `CfnAccount`s, each in
 * an OU (a cross-stack reference) and depending on the account before it, 100 to a stack (the
 * 500-resource limit keeps real layers sharded too). No baselines, StackSets, Identity Center or
 * validator. Timed: building the constructs and `app.synth()`.
 *
 *   node dist/bench/aws-floor.js 2000
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { workDir } from './catalog-argument';
import { caseArguments, report, startTimer } from './measure';

const ACCOUNTS_PER_STACK = 100;
const env = { account: '111111111111', region: 'us-east-1' };

function floorApp(n: number, outdir: string): App {
  const app = new App({ outdir, analyticsReporting: false, builtinCloudFormationValidation: false });
  const org = new Stack(app, 'Floor-Organization', { env });
  const ous = Array.from({ length: 8 }, (_, i) => new organizations.CfnOrganizationalUnit(org, `Ou${i}`, { name: `ou-${i}`, parentId: 'r-root' }));
  for (let p = 0; p < 5; p++) {
    new organizations.CfnPolicy(org, `Scp${p}`, {
      name: `scp-${p}`,
      type: 'SERVICE_CONTROL_POLICY',
      content: { Version: '2012-10-17', Statement: [{ Sid: `Deny${p}`, Effect: 'Deny', Action: [`service${p}:Delete*`], Resource: '*' }] },
      targetIds: ous.filter((_, i) => i % 5 === p || i === p + 3).map((ou) => ou.attrId),
    });
  }
  let stack: Stack | undefined;
  let previous: CfnResource | undefined;
  for (let i = 0; i < n; i++) {
    if (i % ACCOUNTS_PER_STACK === 0) {
      stack = new Stack(app, `Floor-Accounts-${String(i / ACCOUNTS_PER_STACK).padStart(3, '0')}`, { env });
      previous = undefined;
    }
    const account = new organizations.CfnAccount(stack!, `Account${i}`, {
      accountName: `unit-${i}`,
      email: `unit-${i}@example.com`,
      parentIds: [ous[i % ous.length].attrId],
      tags: [{ key: 'vend:unit', value: `unit-${i}` }],
    });
    if (previous) account.addResourceDependency(previous);
    previous = account;
  }
  return app;
}

const { n } = caseArguments('aws-floor');
const work = workDir('aws-floor');
try {
  const timer = startTimer();
  const assembly = floorApp(n, path.join(work, 'cdk.out')).synth();
  report('aws-floor', n, timer, () => ({ stacks: assembly.stacks.length }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
