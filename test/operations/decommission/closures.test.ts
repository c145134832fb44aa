import { DEFAULT_QUOTAS } from '../../../lib/model';
import { closureQuota, countClosures, type ClosureSources } from '../../../lib/operations/decommission/closures';
import type { LedgerEntry } from '../../../lib/operations/ledger';

const NOW = new Date('2026-11-24T08:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
let seq = 0;
const entry = (target: string, outcome: LedgerEntry['outcome'], at: Date, action = 'decommission.close'): LedgerEntry =>
  ({ seq: ++seq, time: at.toISOString(), actor: 't', action, target, outcome, prev: '', hash: '' }) as LedgerEntry;
const sources = (over: Partial<ClosureSources>): ClosureSources => ({ trail: [], ledger: [], closedAccounts: new Map(), memberAccounts: 100, now: NOW, ...over });
const ids = (s: ClosureSources) => countClosures(s).map((c) => `${c.account}:${c.source}`);

describe('closures in the last 30 days', () => {
  test('counts successful CloseAccount events from the trail inside the window only', () => {
    expect(ids(sources({ trail: [{ account: 'a', time: daysAgo(1) }, { account: 'b', time: daysAgo(29.9) }, { account: 'c', time: daysAgo(30.1) }, { account: 'd', time: daysAgo(30) }] }))).toEqual([
      'b:cloudtrail',
      'a:cloudtrail',
    ]);
  });

  test('a ledger closure exactly 30 days old has left the window', () => {
    expect(ids(sources({ ledger: [entry('edge', 'done', daysAgo(30)), entry('inside', 'done', daysAgo(29.99))] }))).toEqual(['inside:ledger']);
  });

  test('counts ledger closures done, or started and never refused afterwards (a run killed after the call)', () => {
    const ledger = [
      entry('done', 'started', daysAgo(2)),
      entry('done', 'done', daysAgo(2)),
      entry('killed', 'started', daysAgo(3)),
      entry('queued', 'started', daysAgo(4)),
      entry('queued', 'queued', daysAgo(4)),
      entry('failed', 'started', daysAgo(5)),
      entry('failed', 'failed', daysAgo(5)),
      entry('old', 'done', daysAgo(45)),
      entry('other-action', 'done', daysAgo(1), 'decommission.revoke-trust'),
      entry('rerun', 'done', daysAgo(6)),
      entry('rerun', 'skipped', daysAgo(1)),
      entry('requeued', 'started', daysAgo(8)),
      entry('requeued', 'queued', daysAgo(8)),
      entry('requeued', 'started', daysAgo(7)),
    ];
    expect(countClosures(sources({ ledger })).map((c) => `${c.account}:${c.source}:${c.time.toISOString()}`)).toEqual([
      `requeued:ledger:${daysAgo(7).toISOString()}`,
      `rerun:ledger:${daysAgo(6).toISOString()}`,
      `killed:ledger:${daysAgo(3).toISOString()}`,
      `done:ledger:${daysAgo(2).toISOString()}`,
    ]);
  });

  test('one account counts once, at its latest evidence (its slot frees last)', () => {
    const trailFirst = countClosures(sources({ trail: [{ account: 'a', time: daysAgo(2) }], ledger: [entry('a', 'done', daysAgo(1))], closedAccounts: new Map([['a', 'SUSPENDED']]) }));
    expect(trailFirst).toEqual([{ account: 'a', time: daysAgo(1), source: 'ledger' }]);
    const ledgerFirst = countClosures(sources({ trail: [{ account: 'a', time: daysAgo(1) }], ledger: [entry('a', 'started', daysAgo(2))] }));
    expect(ledgerFirst).toEqual([{ account: 'a', time: daysAgo(1), source: 'cloudtrail' }]);
  });

  test('without a readable trail, every closed account is the floor unless the ledger dates it before the window', () => {
    const closedAccounts = new Map([['x', 'SUSPENDED'], ['y', 'PENDING_CLOSURE'], ['old', 'SUSPENDED']]);
    const found = countClosures(sources({ trail: { unreadable: 'AccessDenied' }, closedAccounts, ledger: [entry('old', 'done', daysAgo(60))] }));
    expect(found).toEqual([
      { account: 'x', time: NOW, source: 'status' },
      { account: 'y', time: NOW, source: 'status' },
    ]);
  });

  test('with a readable trail, only closures in progress (PENDING_CLOSURE) are added from statuses', () => {
    const closedAccounts = new Map([['x', 'SUSPENDED'], ['y', 'PENDING_CLOSURE']]);
    expect(ids(sources({ closedAccounts }))).toEqual(['y:status']);
  });

  test('a closed account the ledger dates inside the window takes that time', () => {
    const found = countClosures(sources({ trail: { unreadable: 'x' }, closedAccounts: new Map([['z', 'SUSPENDED']]), ledger: [entry('z', 'failed', daysAgo(3)), entry('z', 'started', daysAgo(10))] }));
    expect(found).toEqual([{ account: 'z', time: daysAgo(10), source: 'ledger' }]);
  });
});

describe('the closure quota', () => {
  test('is the higher of 250 and 20% of the member accounts, capped at 1,000 (organization.yaml may override)', () => {
    expect(closureQuota(DEFAULT_QUOTAS, sources({ memberAccounts: 100 })).limit).toBe(250);
    expect(closureQuota(DEFAULT_QUOTAS, sources({ memberAccounts: 2000 })).limit).toBe(400);
    expect(closureQuota(DEFAULT_QUOTAS, sources({ memberAccounts: 9000 })).limit).toBe(1000);
  });

  test('allows a closure below the limit and says how it counted', () => {
    const q = closureQuota({ ...DEFAULT_QUOTAS, accountClosureMinimum: 2, accountClosureMaximum: 2 }, sources({ trail: [{ account: 'a', time: daysAgo(1) }] }));
    expect(q).toMatchObject({ limit: 2, used: 1, allowed: true, basis: 'CloudTrail 1, ledger 0, closed accounts 0' });
    expect(q.nextSlot).toBeUndefined();
  });

  test('at the limit, the next slot is when the oldest counted closure leaves the window', () => {
    const quotas = { ...DEFAULT_QUOTAS, accountClosureMinimum: 2, accountClosureMaximum: 2 };
    const trail = [{ account: 'a', time: daysAgo(20) }, { account: 'b', time: daysAgo(10) }, { account: 'c', time: daysAgo(5) }];
    const q = closureQuota(quotas, sources({ trail }));
    expect(q).toMatchObject({ used: 3, allowed: false, nextSlot: new Date(daysAgo(10).getTime() + 30 * 86_400_000) });
    const exactly = closureQuota(quotas, sources({ trail: trail.slice(0, 2) }));
    expect(exactly).toMatchObject({ used: 2, allowed: false, nextSlot: new Date(daysAgo(20).getTime() + 30 * 86_400_000) });
  });

  test('says how many closures each source contributed', () => {
    const q = closureQuota(DEFAULT_QUOTAS, sources({ trail: [{ account: 'a', time: daysAgo(1) }], ledger: [entry('b', 'done', daysAgo(2)), entry('c', 'done', daysAgo(3))], closedAccounts: new Map([['d', 'PENDING_CLOSURE']]) }));
    expect(q.basis).toBe('CloudTrail 1, ledger 2, closed accounts 1');
  });

  test('says when the trail could not be read', () => {
    const q = closureQuota(DEFAULT_QUOTAS, sources({ trail: { unreadable: 'AccessDeniedException: no' } }));
    expect(q.basis).toBe('CloudTrail unreadable (AccessDeniedException: no), ledger 0, closed accounts 0');
    expect(q.trailUnreadable).toEqual({ unreadable: 'AccessDeniedException: no' });
    expect(closureQuota(DEFAULT_QUOTAS, sources({})).trailUnreadable).toBeUndefined();
  });
});
