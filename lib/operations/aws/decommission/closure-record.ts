/**
 * The cloud's own record of account closures: successful CloseAccount events in the management
 * account's CloudTrail event history (Organizations is a global service whose events are recorded
 * in us-east-1, docs.aws.amazon.com/organizations/latest/userguide/orgs_cloudtrail-integration.html),
 * and which accounts are SUSPENDED or PENDING_CLOSURE now.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CLOSED_ACCOUNT_STATES, quotasOf, type VendModel } from '../../../model';
import { closureQuota, CLOSURE_WINDOW_DAYS, type ClosureQuota, type ClosureSources } from '../../decommission/closures';
import type { LedgerEntry } from '../../ledger';
import { allPages, type AwsClients } from '../clients';
import { listAccounts } from '../organization';

export const ORGANIZATIONS_EVENT_REGION = 'us-east-1';

export async function closeAccountEvents(aws: AwsClients, now: Date): Promise<ClosureSources['trail']> {
  const trail = aws.inRegion(ORGANIZATIONS_EVENT_REGION);
  try {
    const events = await allPages(
      (NextToken) =>
        trail.send(
          'cloudtrail',
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CloseAccount' }],
            StartTime: new Date(now.getTime() - CLOSURE_WINDOW_DAYS * 86_400_000),
            EndTime: now,
            NextToken,
          }),
        ),
      (p) => p.Events,
    );
    const out: Array<{ account: string; time: Date }> = [];
    for (const e of events) {
      const record = JSON.parse(e.CloudTrailEvent ?? '{}') as { errorCode?: string; requestParameters?: { accountId?: string }; eventTime?: string };
      const account = record.requestParameters?.accountId;
      if (record.errorCode || !account) continue; // a refused call closed nothing
      out.push({ account, time: e.EventTime ?? new Date(record.eventTime ?? now) });
    }
    return out;
  } catch (e) {
    return { unreadable: `${(e as Error).name}: ${(e as Error).message.split('\n')[0]}` };
  }
}

/**
 * The closure quota now, from CloudTrail, the ledger and account statuses (see decommission/closures.ts).
 * `trail` replaces the CloudTrail reading when one was found unreadable earlier in the run (it does
 * not become readable within a run, and each try costs the retries of a failing call).
 */
export async function currentClosureQuota(
  aws: AwsClients,
  model: VendModel,
  ledger: readonly LedgerEntry[],
  now: Date,
  unreadableTrail?: { unreadable: string },
): Promise<ClosureQuota> {
  const [trail, accounts] = await Promise.all([unreadableTrail ?? closeAccountEvents(aws, now), listAccounts(aws)]);
  const closedAccounts = new Map<string, string>();
  for (const a of accounts) {
    const state = (a.State ?? a.Status) as string;
    if (CLOSED_ACCOUNT_STATES.has(state)) closedAccounts.set(a.Id!, state);
  }
  // The management account is not a member account.
  const management = model.catalog.organization.spec.aws?.managementAccountId;
  const memberAccounts = accounts.filter((a) => a.Id !== management).length;
  return closureQuota(quotasOf(model.catalog.organization.spec), { trail, ledger, closedAccounts, memberAccounts, now });
}
