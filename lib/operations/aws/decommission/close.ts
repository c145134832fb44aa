/**
 * CLI step `close`, from the management account: CloseAccount, holding the organization's closure
 * lock (so two runs cannot both spend the last slot), with the account in Quarantine and still
 * carrying the unit's tag, and the quota counted afresh under the lock.
 */
import { CloseAccountCommand } from '@aws-sdk/client-organizations';
import { CLOSED_ACCOUNT_STATES, TAG_UNIT, type LifecycleStep } from '../../../model';
import { StepQueued, type Step } from '../../decommission/engine';
import { acquireLock, LockHeldError, type HeldLock } from '../../locks';
import { readTags } from '../inventory';
import { accountStatus, organizationId, parentOf } from '../organization';
import { currentClosureQuota } from './closure-record';
import type { AwsSteps } from './context';

/** How long a closing run may hold the organization's lock, and how long another waits for it. */
export const CLOSE_LOCK_TTL_MS = 10 * 60_000;
export const CLOSE_LOCK_WAIT_MS = 60_000;

export function closeStep(s: AwsSteps, spec: LifecycleStep): Step {
  let lock: HeldLock | undefined;
  let unreadableTrail: { unreadable: string } | undefined;
  return {
    spec,
    async inspect() {
      const status = await accountStatus(s.aws, s.account.id);
      if (CLOSED_ACCOUNT_STATES.has(status)) return { done: true, detail: `account ${status}` };
      const quota = await currentClosureQuota(s.aws, s.ctx.model, s.ctx.ledger.entries(), s.now(), unreadableTrail);
      if (quota.trailUnreadable) unreadableTrail = quota.trailUnreadable;
      const used = `${quota.used}/${quota.limit} closures in 30 days (${quota.basis})`;
      if (!quota.allowed) {
        return { done: false, queuedUntil: quota.nextSlot, detail: `closure quota used: ${used}; stays quarantined until ${quota.nextSlot!.toISOString()}`, actions: [`close ${s.account.id} from ${quota.nextSlot!.toISOString()}`] };
      }
      return { done: false, detail: `account ${status}, ${used}`, actions: [`CloseAccount ${s.account.id} (${s.account.email})`] };
    },
    async guard(act) {
      const key = `aws/${await organizationId(s.aws)}/close`;
      try {
        lock = await acquireLock(s.ctx.locks, key, { purpose: `close ${s.account.id} (${s.ctx.unit.name})`, ttlMs: CLOSE_LOCK_TTL_MS, waitMs: CLOSE_LOCK_WAIT_MS, pollMs: 500, log: s.ctx.log });
      } catch (e) {
        if (e instanceof LockHeldError) throw new StepQueued(`another run is closing an account in this organization (${e.message})`, new Date(s.now().getTime() + CLOSE_LOCK_TTL_MS));
        throw e;
      }
      try {
        return await act();
      } finally {
        await lock.release();
        lock = undefined;
      }
    },
    async apply() {
      await lock?.verify();
      // Never close an account that is not quarantined, or no longer the unit's.
      const parent = await parentOf(s.aws, s.account.id);
      if (parent !== (await s.quarantineOu())) throw new Error(`account ${s.account.id} is in ${await s.pathOf(parent)}, not ${s.quarantinePath}; refusing to close it`);
      const tag = (await readTags(s.aws, s.account.id))[TAG_UNIT];
      if (tag !== s.ctx.unit.name) throw new Error(`account ${s.account.id} now carries vend:unit=${tag ?? '(none)'}; refusing to close it`);
      try {
        await s.aws.send('organizations', new CloseAccountCommand({ AccountId: s.account.id }));
      } catch (e) {
        const name = (e as Error).name;
        const reason = (e as { Reason?: string }).Reason ?? '';
        // AWS's own closure quota (which also counts closures made outside vend): wait, queued.
        if (name === 'ConstraintViolationException' && reason === 'CLOSE_ACCOUNT_QUOTA_EXCEEDED') {
          throw new StepQueued(`AWS refused CloseAccount: closure quota exceeded (${reason}); stays quarantined`, new Date(s.now().getTime() + 86_400_000));
        }
        if (name === 'ConstraintViolationException' && reason === 'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED') {
          throw new StepQueued(`AWS refused CloseAccount: too many closures in progress (${reason}); stays quarantined`, new Date(s.now().getTime() + 3_600_000));
        }
        if (name === 'ConstraintViolationException') throw new Error(`AWS refused CloseAccount: ${reason || 'ConstraintViolationException'}: ${(e as Error).message}`);
        if (name !== 'AccountAlreadyClosedException') throw e;
      }
      return { closed: s.account.id };
    },
  };
}
