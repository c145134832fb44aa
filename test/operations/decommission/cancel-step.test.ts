/**
 * Specification of the Azure `cancel` step, the code that cancels a subscription, with the placement
 * reader faked: what it reports, the refusal outside the Decommissioned group, a cancel that an
 * earlier run already made, and the wait until ARM shows the subscription disabled.
 */
import type { LifecycleStep } from '../../../lib/model';
import { cancelStep } from '../../../lib/operations/azure/decommission/cancel';
import type { AzureSteps } from '../../../lib/operations/azure/decommission/context';

jest.mock('../../../lib/operations/azure/subscriptions', () => ({ subscriptionPlacement: jest.fn() }));
const STATE = { done: false, detail: '' };
const subscriptions = jest.requireMock('../../../lib/operations/azure/subscriptions');

const ID = '5c0e3f2a-0000-4000-8000-000000000007';
const TARGET = 'acme-decommissioned';
const at = (state: string, parent = TARGET) => ({ state, parent });

function steps(cancel: jest.Mock = jest.fn().mockResolvedValue({})) {
  const sleep = jest.fn().mockResolvedValue(undefined);
  const write = jest.fn(async (_op: string, fn: () => Promise<unknown>) => fn());
  const s = { azure: { write, subscriptions: { subscription: { cancel } } }, ctx: { subscription: { id: ID } }, target: TARGET, clock: { sleep }, pollMs: 7 } as unknown as AzureSteps;
  return { step: cancelStep(s, { id: 'cancel' } as LifecycleStep), cancel, sleep, write, s };
}

beforeEach(() => jest.resetAllMocks());

describe('inspect', () => {
  test.each(['Disabled', 'Deleted', 'Expired'])('a %s subscription is done', async (state) => {
    subscriptions.subscriptionPlacement.mockResolvedValue(at(state));
    await expect(steps().step.inspect()).resolves.toEqual({ done: true, detail: `subscription ${state}` });
  });

  test('an enabled one is to be cancelled; one the hierarchy does not show is Unknown', async () => {
    subscriptions.subscriptionPlacement.mockResolvedValue(at('Enabled'));
    const { step, s } = steps();
    await expect(step.inspect()).resolves.toEqual({ done: false, detail: 'subscription Enabled', actions: [`cancel subscription ${ID}`] });
    expect(subscriptions.subscriptionPlacement).toHaveBeenCalledWith(s.azure, ID);
    subscriptions.subscriptionPlacement.mockResolvedValue(undefined);
    await expect(step.inspect()).resolves.toEqual({ done: false, detail: 'subscription Unknown', actions: [`cancel subscription ${ID}`] });
  });
});

describe('apply', () => {
  test('refuses a subscription outside the Decommissioned group, or not found, without cancelling', async () => {
    subscriptions.subscriptionPlacement.mockResolvedValue(at('Enabled', 'acme-prod-spaces'));
    const { step, cancel } = steps();
    await expect(step.apply!(STATE)).rejects.toThrow(`subscription ${ID} is in acme-prod-spaces, not ${TARGET}; refusing to cancel it`);
    subscriptions.subscriptionPlacement.mockResolvedValue(undefined);
    await expect(step.apply!(STATE)).rejects.toThrow(`subscription ${ID} is in no management group, not ${TARGET}; refusing to cancel it`);
    expect(cancel).not.toHaveBeenCalled();
  });

  test('cancels once, through the write gate, then waits until ARM shows it disabled', async () => {
    subscriptions.subscriptionPlacement
      .mockResolvedValueOnce(at('Enabled'))
      .mockResolvedValueOnce(at('Enabled'))
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce(at('Disabled'))
      .mockResolvedValue(at('Enabled'));
    const { step, cancel, sleep, write } = steps();
    await expect(step.apply!(STATE)).resolves.toEqual({ cancelled: ID });
    expect(cancel).toHaveBeenCalledWith(ID);
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(write.mock.calls.map((c) => c[0])).toEqual(['Subscription.cancel']);
    expect(sleep.mock.calls).toEqual([[7], [7]]);
  });

  test('stops waiting after 60 looks', async () => {
    subscriptions.subscriptionPlacement.mockResolvedValue(at('Enabled'));
    const { step, sleep } = steps();
    await expect(step.apply!(STATE)).resolves.toEqual({ cancelled: ID });
    expect(sleep).toHaveBeenCalledTimes(60);
  });

  test('a cancel that fails because an earlier run already cancelled is done; otherwise the failure stands', async () => {
    const conflict = new Error('409 SubscriptionNotInValidState');
    subscriptions.subscriptionPlacement.mockResolvedValueOnce(at('Enabled')).mockResolvedValue(at('Disabled'));
    const { step, sleep } = steps(jest.fn().mockRejectedValue(conflict));
    await expect(step.apply!(STATE)).resolves.toEqual({ cancelled: ID });
    expect(sleep).not.toHaveBeenCalled();
    subscriptions.subscriptionPlacement.mockReset().mockResolvedValueOnce(at('Enabled')).mockResolvedValue(at('Enabled'));
    await expect(steps(jest.fn().mockRejectedValue(conflict)).step.apply!(STATE)).rejects.toBe(conflict);
    subscriptions.subscriptionPlacement.mockReset().mockResolvedValueOnce(at('Enabled')).mockResolvedValue(undefined);
    await expect(steps(jest.fn().mockRejectedValue(conflict)).step.apply!(STATE)).rejects.toBe(conflict);
  });
});
