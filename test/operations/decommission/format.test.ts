import type { RunReport } from '../../../lib/operations/decommission/engine';
import { formatRun } from '../../../lib/operations/decommission/format';

const base: RunReport = { unit: 'u', cloud: 'aws', target: '111111111111', execute: true, steps: [], complete: false, queued: false, awaitingDeploy: false, ledger: '/srv/audit.jsonl' };

describe('the decommission report as people read it', () => {
  test('every step, what it would do or did, the deploy it waits for, and where the record went', () => {
    const report: RunReport = {
      ...base,
      execute: false,
      awaitingDeploy: true,
      steps: [
        { step: 'quarantine', title: 'In Quarantine', runs: 'iac', status: 'awaiting-deploy', detail: 'in acme/dev/Spaces', actions: [], deploy: 'cdk deploy' },
        { step: 'drop-access', title: 'No access', runs: 'iac', status: 'done', detail: 'no assignments', actions: [] },
        { step: 'revoke-trust', title: 'Revoke trust', runs: 'cli', status: 'not-reached', detail: 'waits for the deploy', actions: [] },
      ],
    };
    expect(formatRun(report).split('\n')).toEqual([
      'Decommission plan (dry run): u [aws 111111111111]',
      '  awaiting-deploy In Quarantine (deploy): in acme/dev/Spaces',
      '                  deploy: cdk deploy',
      '  done            No access (deploy): no assignments',
      '  not-reached     Revoke trust: waits for the deploy',
      '  audit ledger: /srv/audit.jsonl',
      'pending: the deploy has not taken the unit out yet; deploy, then rerun',
    ]);
  });

  test.each<[string, Partial<RunReport>, string]>([
    ['an error', { error: 'Close the account: AccessDenied', complete: false }, 'error: Close the account: AccessDenied'],
    ['completion', { complete: true }, 'complete: the unit is out of service'],
    ['nothing to do', { complete: true, execute: false }, 'nothing to do: the unit is already out of service'],
    ['a queued closure', { queued: true }, 'queued: the unit stays quarantined until the closure quota allows closing it; rerun then'],
    ['a plan to act on', { execute: false }, 'to act: vend decommission u --execute --confirm u'],
  ])('ends with %s', (_what, over, last) => {
    const lines = formatRun({ ...base, ...over }).split('\n');
    expect(lines[lines.length - 1]).toBe(last);
  });

  test('an executed run that stopped short without an error suggests nothing to run', () => {
    const text = formatRun({ ...base, steps: [{ step: 'a', title: 'A', runs: 'cli', status: 'pending', detail: 'x', actions: [] }] });
    expect(text).not.toMatch(/to act/);
  });

  test('an executed run says so, lists what a step did, and names no target when there is none', () => {
    const report: RunReport = {
      ...base,
      target: undefined,
      ledger: undefined,
      complete: true,
      steps: [{ step: 'close', title: 'Close', runs: 'cli', status: 'queued', detail: 'quota used', actions: ['close 1 from t'], queuedUntil: '2026-12-01T00:00:00.000Z' }],
    };
    expect(formatRun(report).split('\n')).toEqual([
      'Decommission: u [aws]',
      '  queued          Close: quota used (can close from 2026-12-01T00:00:00.000Z)',
      '                  - close 1 from t',
      'complete: the unit is out of service',
    ]);
  });
});
