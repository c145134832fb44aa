/**
 * Waiting for stacks a previous deploy left in progress (lib/operations/aws/settle-stacks.ts).
 * moto completes every stack operation at once, so CloudFormation's in-progress states are played
 * by a fake at the client-layer boundary, answering ListStacks by its StackStatusFilter.
 */
import { AwsClients, type AwsService } from '../../lib/operations/aws/clients';
import { settleStacks } from '../../lib/operations/aws/settle-stacks';

/** ListStacks answers from a timeline of stack statuses, one entry per poll. */
class TimelineCfn extends AwsClients {
  calls = 0;
  constructor(private readonly timeline: Array<Record<string, string>>) {
    super({ gateOptions: { unlimited: true } });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async send<C extends object>(service: AwsService, command: C): Promise<any> {
    const name = command.constructor.name;
    if (service !== 'cloudformation' || name !== 'ListStacksCommand') throw new Error(`unexpected ${service}:${name}`);
    const filter = (command as { input: { StackStatusFilter: string[] } }).input.StackStatusFilter;
    // Each in-progress query is one poll: time moves on; the stuck query looks at the same moment.
    if (filter.includes('UPDATE_IN_PROGRESS')) this.calls++;
    const now = this.timeline[Math.min(this.calls - 1, this.timeline.length - 1)];
    return { StackSummaries: Object.entries(now).filter(([, status]) => filter.includes(status)).map(([StackName, StackStatus]) => ({ StackName, StackStatus })) };
  }
}

const clock = () => {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
};

describe('settling vend stacks before a deploy', () => {
  test('waits while a vend stack is still in progress, and ignores other stacks', async () => {
    const aws = new TimelineCfn([
      { 'Vend-Baseline-prod-Spaces-07': 'UPDATE_IN_PROGRESS', 'Someone-Else': 'UPDATE_IN_PROGRESS' },
      { 'Vend-Baseline-prod-Spaces-07': 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'Someone-Else': 'UPDATE_IN_PROGRESS' },
      { 'Vend-Baseline-prod-Spaces-07': 'UPDATE_COMPLETE', 'Someone-Else': 'UPDATE_IN_PROGRESS' },
    ]);
    const t = clock();
    const logs: string[] = [];
    const result = await settleStacks({ aws, pollMs: 30_000, ...t, log: (m) => logs.push(m) });
    expect(result).toEqual({ settled: true, inProgress: [], stuck: [] });
    expect(t.now()).toBe(60_000);
    expect(logs).toEqual([
      'waiting for 1 stack(s) still in progress: Vend-Baseline-prod-Spaces-07 (UPDATE_IN_PROGRESS)',
      'waiting for 1 stack(s) still in progress: Vend-Baseline-prod-Spaces-07 (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS)',
    ]);
  });

  test('reports stacks only a person can move on, without waiting for them', async () => {
    const aws = new TimelineCfn([{ 'Vend-Security': 'UPDATE_ROLLBACK_FAILED', 'Vend-Identity': 'UPDATE_COMPLETE' }]);
    const t = clock();
    expect(await settleStacks({ aws, ...t })).toEqual({ settled: true, inProgress: [], stuck: ['Vend-Security (UPDATE_ROLLBACK_FAILED)'] });
    expect(t.now()).toBe(0);
  });

  test('gives up at the timeout and says which stacks are still busy', async () => {
    const aws = new TimelineCfn([{ 'Vend-Accounts-prod-Spaces-03': 'CREATE_IN_PROGRESS' }]);
    const t = clock();
    const result = await settleStacks({ aws, timeoutMs: 90_000, pollMs: 30_000, ...t });
    expect(result).toEqual({ settled: false, inProgress: ['Vend-Accounts-prod-Spaces-03 (CREATE_IN_PROGRESS)'], stuck: [] });
    expect(t.now()).toBe(90_000);
  });
});
