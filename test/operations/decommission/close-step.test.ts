/**
 * Specification of the AWS `close` step, the code that calls CloseAccount, with its readers faked:
 * what it reports, the organization's closure lock around it, the guards right before the call, and
 * how each of AWS's refusals is taken.
 */
import type { LifecycleStep } from '../../../lib/model';
import { closeStep, CLOSE_LOCK_TTL_MS, CLOSE_LOCK_WAIT_MS } from '../../../lib/operations/aws/decommission/close';
import type { AwsSteps } from '../../../lib/operations/aws/decommission/context';
import { StepQueued } from '../../../lib/operations/decommission/engine';

jest.mock('../../../lib/operations/aws/organization', () => ({ accountStatus: jest.fn(), organizationId: jest.fn(), parentOf: jest.fn() }));
jest.mock('../../../lib/operations/aws/inventory', () => ({ readTags: jest.fn() }));
jest.mock('../../../lib/operations/aws/decommission/closure-record', () => ({ currentClosureQuota: jest.fn() }));
jest.mock('../../../lib/operations/locks', () => ({ ...jest.requireActual('../../../lib/operations/locks'), acquireLock: jest.fn() }));

const STATE = { done: false, detail: '' };
const org = jest.requireMock('../../../lib/operations/aws/organization');
const inventory = jest.requireMock('../../../lib/operations/aws/inventory');
const record = jest.requireMock('../../../lib/operations/aws/decommission/closure-record');
const locks = jest.requireMock('../../../lib/operations/locks');
const { LockHeldError } = jest.requireActual('../../../lib/operations/locks');

const NOW = new Date('2026-11-20T10:00:00Z');
const SPEC = { id: 'close' } as LifecycleStep;
const ACCOUNT = { id: '210987654321', name: 'space-eu-legacy-dev', email: 'space-eu-legacy-dev@aws.acme.example' };

function steps(send: jest.Mock = jest.fn().mockResolvedValue({})) {
  const logs: string[] = [];
  const s = {
    aws: { send },
    account: ACCOUNT,
    ctx: { model: { m: 1 }, unit: { name: ACCOUNT.name }, ledger: { entries: () => [{ seq: 1 }] }, locks: { store: 1 }, log: (m: string) => logs.push(m) },
    now: () => NOW,
    quarantineOu: async () => 'ou-quarantine',
    quarantinePath: 'acme/Quarantine',
    pathOf: async (id: string) => `acme/${id}`,
  } as unknown as AwsSteps;
  return { s, send, step: closeStep(s, SPEC) };
}

const quota = (over: object = {}) => ({ allowed: true, used: 1, limit: 250, basis: 'CloudTrail and the ledger', ...over });
const refusal = (name: string, Reason?: string) => Object.assign(new Error(`${name} says no`), { name, ...(Reason ? { Reason } : {}) });

beforeEach(() => {
  jest.resetAllMocks();
  org.accountStatus.mockResolvedValue('ACTIVE');
  org.organizationId.mockResolvedValue('o-example1');
  org.parentOf.mockResolvedValue('ou-quarantine');
  inventory.readTags.mockResolvedValue({ 'vend:unit': ACCOUNT.name });
  record.currentClosureQuota.mockResolvedValue(quota());
});

describe('inspect', () => {
  test('a SUSPENDED or PENDING_CLOSURE account is done, without counting the quota', async () => {
    for (const status of ['SUSPENDED', 'PENDING_CLOSURE']) {
      org.accountStatus.mockResolvedValue(status);
      await expect(steps().step.inspect()).resolves.toEqual({ done: true, detail: `account ${status}` });
    }
    expect(record.currentClosureQuota).not.toHaveBeenCalled();
    expect(org.accountStatus).toHaveBeenCalledWith(expect.anything(), ACCOUNT.id);
  });

  test('within the quota: what it will call, and the count with its basis', async () => {
    const { step, s } = steps();
    await expect(step.inspect()).resolves.toEqual({
      done: false,
      detail: 'account ACTIVE, 1/250 closures in 30 days (CloudTrail and the ledger)',
      actions: [`CloseAccount ${ACCOUNT.id} (${ACCOUNT.email})`],
    });
    expect(record.currentClosureQuota).toHaveBeenCalledWith(s.aws, { m: 1 }, [{ seq: 1 }], NOW, undefined);
  });

  test('over the quota: queued until the next slot, saying so', async () => {
    const nextSlot = new Date('2026-12-01T00:00:00Z');
    record.currentClosureQuota.mockResolvedValue(quota({ allowed: false, used: 250, nextSlot }));
    await expect(steps().step.inspect()).resolves.toEqual({
      done: false,
      queuedUntil: nextSlot,
      detail: 'closure quota used: 250/250 closures in 30 days (CloudTrail and the ledger); stays quarantined until 2026-12-01T00:00:00.000Z',
      actions: [`close ${ACCOUNT.id} from 2026-12-01T00:00:00.000Z`],
    });
  });

  test('a trail found unreadable is passed on to the next count instead of asked again', async () => {
    const unreadable = { unreadable: 'AccessDenied: no' };
    record.currentClosureQuota.mockResolvedValueOnce(quota({ trailUnreadable: unreadable })).mockResolvedValue(quota());
    const { step } = steps();
    await step.inspect();
    await step.inspect();
    await step.inspect();
    expect(record.currentClosureQuota.mock.calls.map((c: unknown[]) => c[4])).toEqual([undefined, unreadable, unreadable]);
  });
});

describe('guard: the organization\'s closure lock', () => {
  test('is taken for the organization, held while acting, and released after, also when acting fails', async () => {
    const release = jest.fn();
    locks.acquireLock.mockResolvedValue({ release, verify: jest.fn() });
    const { step, s } = steps();
    await expect(step.guard!(async () => ({ ok: 1 }))).resolves.toEqual({ ok: 1 });
    expect(locks.acquireLock).toHaveBeenCalledWith({ store: 1 }, 'aws/o-example1/close', {
      purpose: `close ${ACCOUNT.id} (${ACCOUNT.name})`,
      ttlMs: 600_000,
      waitMs: 60_000,
      pollMs: 500,
      log: s.ctx.log,
    });
    expect([CLOSE_LOCK_TTL_MS, CLOSE_LOCK_WAIT_MS]).toEqual([600_000, 60_000]);
    expect(release).toHaveBeenCalledTimes(1);
    await expect(step.guard!(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(release).toHaveBeenCalledTimes(2);
  });

  test('held by another run: queued for the lock\'s lifetime, nothing done; any other failure is an error', async () => {
    locks.acquireLock.mockRejectedValue(new LockHeldError('aws/o-example1/close', undefined, 's3://locks'));
    const act = jest.fn();
    const queued = (await steps().step.guard!(act).catch((e) => e)) as StepQueued;
    expect(queued).toBeInstanceOf(StepQueued);
    expect(queued.message).toBe('another run is closing an account in this organization (aws/o-example1/close is locked (unreadable lock record) [s3://locks])');
    expect(queued.until).toEqual(new Date(NOW.getTime() + 600_000));
    expect(act).not.toHaveBeenCalled();
    locks.acquireLock.mockRejectedValue(new Error('S3 down'));
    await expect(steps().step.guard!(act)).rejects.toThrow(new Error('S3 down'));
  });
});

describe('apply: CloseAccount', () => {
  test('checks the lock still holds, then closes exactly the account', async () => {
    const verify = jest.fn();
    locks.acquireLock.mockResolvedValue({ release: jest.fn(), verify });
    const { step, send } = steps();
    await expect(step.guard!(() => step.apply!(STATE) as Promise<Record<string, unknown>>)).resolves.toEqual({ closed: ACCOUNT.id });
    expect(verify).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toBe('organizations');
    expect(send.mock.calls[0][1].constructor.name).toBe('CloseAccountCommand');
    expect(send.mock.calls[0][1].input).toEqual({ AccountId: ACCOUNT.id });
  });

  test('refuses an account outside Quarantine, or no longer tagged for the unit, before calling', async () => {
    org.parentOf.mockResolvedValue('ou-spaces');
    const { step, send } = steps();
    await expect(step.apply!(STATE)).rejects.toThrow(`account ${ACCOUNT.id} is in acme/ou-spaces, not acme/Quarantine; refusing to close it`);
    org.parentOf.mockResolvedValue('ou-quarantine');
    inventory.readTags.mockResolvedValue({ 'vend:unit': 'space-other' });
    await expect(step.apply!(STATE)).rejects.toThrow(`account ${ACCOUNT.id} now carries vend:unit=space-other; refusing to close it`);
    inventory.readTags.mockResolvedValue({});
    await expect(step.apply!(STATE)).rejects.toThrow(`account ${ACCOUNT.id} now carries vend:unit=(none); refusing to close it`);
    expect(send).not.toHaveBeenCalled();
    expect(inventory.readTags).toHaveBeenCalledWith(expect.anything(), ACCOUNT.id);
    expect(org.parentOf).toHaveBeenCalledWith(expect.anything(), ACCOUNT.id);
  });

  test.each([
    ['CLOSE_ACCOUNT_QUOTA_EXCEEDED', 'AWS refused CloseAccount: closure quota exceeded (CLOSE_ACCOUNT_QUOTA_EXCEEDED); stays quarantined', 86_400_000],
    ['CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED', 'AWS refused CloseAccount: too many closures in progress (CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED); stays quarantined', 3_600_000],
  ])('AWS\'s %s queues the step', async (reason, message, wait) => {
    const { step } = steps(jest.fn().mockRejectedValue(refusal('ConstraintViolationException', reason)));
    const e = await step.apply!(STATE).catch((x) => x);
    expect(e).toBeInstanceOf(StepQueued);
    expect([e.message, e.until]).toEqual([message, new Date(NOW.getTime() + wait)]);
  });

  test('another constraint is an error with its reason; an account already closed is done; anything else is passed on', async () => {
    await expect(steps(jest.fn().mockRejectedValue(refusal('ConstraintViolationException', 'ACCOUNT_CANNOT_LEAVE'))).step.apply!(STATE)).rejects.toThrow(
      new Error('AWS refused CloseAccount: ACCOUNT_CANNOT_LEAVE: ConstraintViolationException says no'),
    );
    await expect(steps(jest.fn().mockRejectedValue(refusal('ConstraintViolationException'))).step.apply!(STATE)).rejects.toThrow(
      new Error('AWS refused CloseAccount: ConstraintViolationException: ConstraintViolationException says no'),
    );
    await expect(steps(jest.fn().mockRejectedValue(refusal('AccountAlreadyClosedException'))).step.apply!(STATE)).resolves.toEqual({ closed: ACCOUNT.id });
    const throttled = refusal('TooManyRequestsException');
    await expect(steps(jest.fn().mockRejectedValue(throttled)).step.apply!(STATE)).rejects.toBe(throttled);
    // A reason only counts on AWS's constraint refusal.
    for (const reason of ['CLOSE_ACCOUNT_QUOTA_EXCEEDED', 'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED']) {
      const other = refusal('ServiceException', reason);
      await expect(steps(jest.fn().mockRejectedValue(other)).step.apply!(STATE)).rejects.toBe(other);
    }
  });
});
