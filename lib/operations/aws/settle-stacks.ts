/**
 * Makes a deploy resumable: before `cdk deploy`, wait until no vend stack is in the middle of an
 * operation. A deploy that outlives its runner or its credentials stops waiting, but CloudFormation
 * carries on; the next `cdk deploy` would then fail on a stack that is still `*_IN_PROGRESS`
 * (CloudFormation refuses a change set for it), so the next run waits for those stacks first.
 * Stacks left in a state that only a person can resolve are reported, not waited for.
 */
import { ListStacksCommand, type StackStatus } from '@aws-sdk/client-cloudformation';
import { allPages, type AwsClients } from './clients';

/** Statuses of a stack whose operation is still running (CloudFormation API, StackStatus). */
const IN_PROGRESS: StackStatus[] = [
  'CREATE_IN_PROGRESS',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'DELETE_IN_PROGRESS',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
];
/** Statuses no deploy can move on from (ContinueUpdateRollback or a manual delete first). */
const STUCK: StackStatus[] = ['UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED', 'ROLLBACK_FAILED', 'IMPORT_ROLLBACK_FAILED'];

export interface SettleOptions {
  readonly aws: AwsClients;
  /** Stack-name prefix. @default 'Vend-' */
  readonly prefix?: string;
  /** Give up after this long. @default 6 hours */
  readonly timeoutMs?: number;
  /** @default 30 s */
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly log?: (message: string) => void;
}

export interface SettleResult {
  /** True when no stack is in progress any more. */
  readonly settled: boolean;
  /** Stacks still in progress when the wait gave up. */
  readonly inProgress: string[];
  /** Stacks that need a person, with their status. */
  readonly stuck: string[];
}

async function stacksIn(aws: AwsClients, prefix: string, statuses: StackStatus[]): Promise<string[]> {
  const summaries = await allPages((NextToken) => aws.send('cloudformation', new ListStacksCommand({ StackStatusFilter: statuses, NextToken })), (p) => p.StackSummaries);
  return summaries.filter((s) => s.StackName?.startsWith(prefix)).map((s) => `${s.StackName} (${s.StackStatus})`).sort();
}

export async function settleStacks(options: SettleOptions): Promise<SettleResult> {
  const prefix = options.prefix ?? 'Vend-';
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? 6 * 3600_000);
  for (;;) {
    const inProgress = await stacksIn(options.aws, prefix, IN_PROGRESS);
    if (inProgress.length === 0 || now() >= deadline) {
      const stuck = await stacksIn(options.aws, prefix, STUCK);
      return { settled: inProgress.length === 0, inProgress, stuck };
    }
    options.log?.(`waiting for ${inProgress.length} stack(s) still in progress: ${inProgress.join(', ')}`);
    await sleep(options.pollMs ?? 30_000);
  }
}
