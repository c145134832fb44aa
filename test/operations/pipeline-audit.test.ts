/**
 * The deploy workflow's decommission job runs with the audit design the code has: the anchor of the
 * ledger in S3, the head signed with a KMS key, the locks as S3 leases, so the fixes to the closure
 * quota and the ledger hold where the pipeline runs and not only on a laptop.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { auditSettings } from '../../lib/operations/ledger';
import { parseS3Url } from '../../lib/operations/locks';

const workflow = parse(readFileSync(path.join(__dirname, '../../.github/workflows/deploy.yml'), 'utf8')) as {
  jobs: Record<string, { env?: Record<string, string>; steps: Array<{ run?: string }> }>;
};

test('the decommission job sets every audit setting to a shared location, none to a local default', () => {
  const job = workflow.jobs.decommission;
  // ${{ … }} expressions stand for the repository's variables.
  const env = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{[^}]+\}\}/g, 'vend-example')]));
  const settings = auditSettings({ env });
  expect(settings.localDefaults).toEqual([]);
  expect(parseS3Url(settings.anchor)).toBeTruthy();
  expect(parseS3Url(settings.locks)).toBeTruthy();
  expect(settings.signingKey).toMatch(/^kms:/);
  // The ledger itself is stored back; nothing copies a head file beside it any more.
  const scripts = job.steps.map((s) => s.run ?? '').join('\n');
  expect(scripts).not.toMatch(/audit\.jsonl\.head/);
  expect(scripts).toMatch(/npx vend audit verify/);
});
