/**
 * Account closures in the rolling 30-day window, counted from the cloud's own record as well as the
 * ledger, so neither a run killed between CloseAccount and its ledger entry nor a closure made
 * outside vend goes uncounted:
 * - the organization's CloudTrail event history: successful `CloseAccount` calls (LookupEvents
 *   covers the last 90 days of management events, docs.aws.amazon.com/awscloudtrail/latest/
 *   APIReference/API_LookupEvents.html);
 * - the ledger: `decommission.close` done, or started and never followed by a queued or failed
 *   entry (the run may have died after the call);
 * - account statuses as a floor: every SUSPENDED or PENDING_CLOSURE account when no trail is
 *   readable (unless the ledger dates its closure), and PENDING_CLOSURE ones (closures in progress
 *   the trail may not show yet) when it is. A closure without a known time is taken as made now,
 *   and one with several pieces of evidence at the latest of them: either can only make the quota
 *   stricter.
 * Pure: the cloud readers gather the sources.
 */
import { accountClosureLimit, type Quotas } from '../../model';
import type { LedgerEntry } from '../ledger';

export const CLOSURE_WINDOW_DAYS = 30;
export const CLOSE_ACTION = 'decommission.close';
const WINDOW_MS = CLOSURE_WINDOW_DAYS * 86_400_000;

export interface ClosureSources {
  /** CloudTrail's successful CloseAccount events, or why the trail could not be read. */
  readonly trail: readonly { readonly account: string; readonly time: Date }[] | { readonly unreadable: string };
  readonly ledger: readonly LedgerEntry[];
  /** Accounts now SUSPENDED or PENDING_CLOSURE, with that status. */
  readonly closedAccounts: ReadonlyMap<string, string>;
  /** Member accounts in the organization (for the percentage). */
  readonly memberAccounts: number;
  readonly now: Date;
}

export interface Closure {
  readonly account: string;
  readonly time: Date;
  readonly source: 'cloudtrail' | 'ledger' | 'status';
}

export interface ClosureQuota {
  readonly limit: number;
  readonly used: number;
  readonly allowed: boolean;
  /** When the oldest counted closure leaves the window (only when not allowed). */
  readonly nextSlot?: Date;
  readonly closures: readonly Closure[];
  /** How the count was made, for the plan and the ledger. */
  readonly basis: string;
  /** Set when the trail could not be read. */
  readonly trailUnreadable?: { readonly unreadable: string };
}

export function countClosures(s: ClosureSources): Closure[] {
  const start = s.now.getTime() - WINDOW_MS;
  const found = new Map<string, Closure>();
  // An account counts once, at its latest evidence: the later the time, the later its slot frees.
  const add = (c: Closure) => {
    const known = found.get(c.account);
    if (!known || c.time > known.time) found.set(c.account, c);
  };
  const trailReadable = Array.isArray(s.trail);
  if (Array.isArray(s.trail)) for (const t of s.trail) if (t.time.getTime() > start) add({ ...t, source: 'cloudtrail' });
  const ledgerTimes = ledgerClosures(s.ledger);
  for (const [account, time] of ledgerTimes) if (time.getTime() > start) add({ account, time, source: 'ledger' });
  for (const [account, status] of s.closedAccounts) {
    // The ledger dates this closure (counted above if inside the window), or a readable trail would show one this recent.
    if (ledgerTimes.has(account) || (trailReadable && status !== 'PENDING_CLOSURE')) continue;
    add({ account, time: s.now, source: 'status' });
  }
  return [...found.values()].sort((a, b) => a.time.getTime() - b.time.getTime());
}

/** Per account, when the ledger says vend closed it: its last close entry is `done`, or `started` with nothing after. */
function ledgerClosures(entries: readonly LedgerEntry[]): Map<string, Date> {
  const last = new Map<string, LedgerEntry>();
  for (const e of entries) if (e.action === CLOSE_ACTION && e.target && ['started', 'done', 'queued', 'failed'].includes(e.outcome)) last.set(e.target, e);
  const out = new Map<string, Date>();
  for (const [account, e] of last) if (e.outcome === 'done' || e.outcome === 'started') out.set(account, new Date(Date.parse(e.time)));
  return out;
}

export function closureQuota(quotas: Quotas, s: ClosureSources): ClosureQuota {
  const limit = accountClosureLimit(quotas, s.memberAccounts);
  const closures = countClosures(s);
  const bySource = (src: Closure['source']) => closures.filter((c) => c.source === src).length;
  const basis = [
    Array.isArray(s.trail) ? `CloudTrail ${bySource('cloudtrail')}` : `CloudTrail unreadable (${(s.trail as { unreadable: string }).unreadable})`,
    `ledger ${bySource('ledger')}`,
    `closed accounts ${bySource('status')}`,
  ].join(', ');
  const trailUnreadable = Array.isArray(s.trail) ? undefined : (s.trail as { unreadable: string });
  if (closures.length < limit) return { limit, used: closures.length, allowed: true, closures, basis, trailUnreadable };
  const freeing = closures[closures.length - limit];
  return { limit, used: closures.length, allowed: false, nextSlot: new Date(freeing.time.getTime() + WINDOW_MS), closures, basis, trailUnreadable };
}
