/**
 * Specification of the AWS closure record, which decides whether CloseAccount may be called: the
 * CloudTrail event history it asks for (region, window, event), which events count, and how the
 * organization's accounts feed the count and the limit.
 */
import { buildModel } from '../../../lib/model';
import type { AwsClients } from '../../../lib/operations/aws/clients';
import { closeAccountEvents, currentClosureQuota, ORGANIZATIONS_EVENT_REGION } from '../../../lib/operations/aws/decommission/closure-record';
import { demoModel } from '../support/fixtures';

const NOW = new Date('2026-11-20T10:00:00Z');
const DAY = 86_400_000;

/** Fake clients: CloudTrail pages by region, and the organization's accounts. */
function fakeAws(opts: { pages?: Array<{ Events: unknown[]; NextToken?: string }>; trailError?: Error; accounts?: unknown[] }) {
  const calls: Array<{ region: string; service: string; command: string; input: Record<string, unknown> }> = [];
  const clients = (region: string): AwsClients =>
    ({
      inRegion: (r: string) => clients(r),
      send: async (service: string, command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        calls.push({ region, service, command: command.constructor.name, input: command.input });
        if (service === 'cloudtrail') {
          if (opts.trailError) throw opts.trailError;
          return opts.pages![calls.filter((c) => c.service === 'cloudtrail').length - 1];
        }
        return { Accounts: opts.accounts ?? [] };
      },
    }) as unknown as AwsClients;
  return { aws: clients('eu-west-1'), calls };
}

const event = (record: object, EventTime?: Date) => ({ CloudTrailEvent: JSON.stringify(record), ...(EventTime ? { EventTime } : {}) });

describe('closeAccountEvents', () => {
  test('asks us-east-1 for CloseAccount events of the last 30 days, page by page, and keeps the successful ones', async () => {
    const { aws, calls } = fakeAws({
      pages: [
        { Events: [event({ requestParameters: { accountId: '111111111111' } }, new Date('2026-11-19T00:00:00Z')), event({ errorCode: 'ConstraintViolationException', requestParameters: { accountId: '222222222222' } })], NextToken: 'next' },
        { Events: [event({ requestParameters: {} }), event({ requestParameters: { accountId: '333333333333' }, eventTime: '2026-11-01T00:00:00Z' }), { EventTime: new Date('2026-11-02T00:00:00Z') }] },
      ],
    });
    await expect(closeAccountEvents(aws, NOW)).resolves.toEqual([
      { account: '111111111111', time: new Date('2026-11-19T00:00:00Z') },
      { account: '333333333333', time: new Date('2026-11-01T00:00:00Z') },
    ]);
    expect(ORGANIZATIONS_EVENT_REGION).toBe('us-east-1');
    expect(calls.map((c) => [c.region, c.service, c.command])).toEqual([
      ['us-east-1', 'cloudtrail', 'LookupEventsCommand'],
      ['us-east-1', 'cloudtrail', 'LookupEventsCommand'],
    ]);
    expect(calls.map((c) => c.input)).toEqual([
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CloseAccount' }], StartTime: new Date(NOW.getTime() - 30 * DAY), EndTime: NOW, NextToken: undefined },
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CloseAccount' }], StartTime: new Date(NOW.getTime() - 30 * DAY), EndTime: NOW, NextToken: 'next' },
    ]);
  });

  test('an event without a time counts at now', async () => {
    const { aws } = fakeAws({ pages: [{ Events: [event({ requestParameters: { accountId: '444444444444' } })] }] });
    await expect(closeAccountEvents(aws, NOW)).resolves.toEqual([{ account: '444444444444', time: NOW }]);
  });

  test('an unreadable history says why, in one line', async () => {
    const { aws } = fakeAws({ trailError: Object.assign(new Error('User is not authorized\nmore detail'), { name: 'AccessDeniedException' }) });
    await expect(closeAccountEvents(aws, NOW)).resolves.toEqual({ unreadable: 'AccessDeniedException: User is not authorized' });
  });
});

describe('currentClosureQuota', () => {
  /** The demo model with a quota small enough that the member count decides the limit. */
  const smallQuota = () => {
    const m = demoModel();
    return buildModel({ ...m.catalog, organization: { ...m.catalog.organization, spec: { ...m.catalog.organization.spec, quotas: { accountClosurePercent: 100, accountClosureMinimum: 1, accountClosureMaximum: 1000 } } } });
  };
  const management = demoModel().catalog.organization.spec.aws!.managementAccountId;

  test('counts closed accounts by their state or status, and members without the management account', async () => {
    const accounts = [
      { Id: management, Status: 'ACTIVE' },
      { Id: '555555555555', State: 'SUSPENDED' },
      { Id: '666666666666', Status: 'PENDING_CLOSURE' },
      { Id: '777777777777', Status: 'ACTIVE' },
    ];
    const { aws, calls } = fakeAws({ accounts });
    // No readable trail: the closed accounts are the floor.
    const quota = await currentClosureQuota(aws, smallQuota(), [], NOW, { unreadable: 'x' });
    // 3 members at 100% is 3 closures (4 with the management account, 1 with none); two closed accounts, by State or by Status.
    expect({ limit: quota.limit, used: quota.used, allowed: quota.allowed }).toEqual({ limit: 3, used: 2, allowed: true });
    expect(calls.filter((c) => c.service === 'organizations').map((c) => c.command)).toEqual(['ListAccountsCommand']);
  });

  test('a trail found unreadable before is not asked again', async () => {
    const { aws, calls } = fakeAws({ accounts: [{ Id: '111111111111', Status: 'ACTIVE' }] });
    const quota = await currentClosureQuota(aws, demoModel(), [], NOW, { unreadable: 'AccessDeniedException: no' });
    expect(calls.some((c) => c.service === 'cloudtrail')).toBe(false);
    expect(quota.trailUnreadable).toEqual({ unreadable: 'AccessDeniedException: no' });
    expect(quota.basis).toMatch(/CloudTrail unreadable \(AccessDeniedException: no\)/);
  });
});
