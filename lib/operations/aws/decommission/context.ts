/**
 * What the AWS decommission steps share: the unit, its account (resolved by identity beforehand),
 * the audit ledger and locks, and readers memoised across steps (the Quarantine OU, clients inside
 * the member and PoP accounts).
 */
import { functionKey, MEMBER_ACCESS_ROLE, QUARANTINE_KEY, scpName, type EffectiveUnit, type LifecycleStep, type VendModel } from '../../../model';
import { systemClock, type Clock } from '../../client';
import type { Ledger } from '../../ledger';
import type { LockStore } from '../../locks';
import type { AwsClients } from '../clients';
import { accountByIdentity, ouIdByPath, ouPathOf } from '../organization';

export interface UnitAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface AwsDecommissionContext {
  readonly aws: AwsClients;
  readonly model: VendModel;
  readonly unit: EffectiveUnit;
  readonly account: UnitAccount;
  readonly ledger: Ledger;
  readonly locks: LockStore;
  readonly now?: () => Date;
  readonly clock?: Clock;
  /** Polling interval for asynchronous operations. @default 1000 ms */
  readonly pollMs?: number;
  readonly log?: (message: string) => void;
}

/** The context with its memoised readers; one per run. */
export class AwsSteps {
  readonly clock: Clock;
  readonly now: () => Date;
  readonly quarantinePath: string;
  readonly homePath: string;
  private quarantineId?: Promise<string | undefined>;
  private homeId?: Promise<string | undefined>;
  private member?: Promise<AwsClients>;
  private pop?: Promise<{ unit: EffectiveUnit; clients: AwsClients } | null>;

  constructor(readonly ctx: AwsDecommissionContext) {
    this.clock = ctx.clock ?? systemClock;
    this.now = ctx.now ?? (() => new Date());
    this.quarantinePath = ctx.model.hierarchy.node(QUARANTINE_KEY).aws.path;
    this.homePath = ctx.model.hierarchy.node(functionKey(ctx.unit.environment, ctx.unit.kind)).aws.path;
  }

  get aws(): AwsClients {
    return this.ctx.aws;
  }

  get account(): UnitAccount {
    return this.ctx.account;
  }

  spec(steps: readonly LifecycleStep[], id: string): LifecycleStep {
    const s = steps.find((x) => x.id === id);
    if (!s) throw new Error(`the lifecycle model has no AWS step '${id}'`);
    return s;
  }

  quarantineOu(): Promise<string | undefined> {
    return (this.quarantineId ??= ouIdByPath(this.aws, this.quarantinePath));
  }

  homeOu(): Promise<string | undefined> {
    return (this.homeId ??= ouIdByPath(this.aws, this.homePath));
  }

  /** The SCP names the hierarchy attaches at the Quarantine OU. */
  quarantineScps(): string[] {
    return this.ctx.model.hierarchy
      .node(QUARANTINE_KEY)
      .controls.filter((c) => this.ctx.model.catalog.controls.get(c)?.spec.aws)
      .map(scpName);
  }

  /** An OU id as a path people recognise. */
  async pathOf(ouId: string): Promise<string> {
    if (ouId === (await this.quarantineOu())) return this.quarantinePath;
    if (ouId === (await this.homeOu())) return this.homePath;
    return (await ouPathOf(this.aws, ouId)) || `the organization root (${ouId})`;
  }

  /** Clients acting inside the unit's account as OrganizationAccountAccessRole. */
  memberClients(): Promise<AwsClients> {
    return (this.member ??= this.aws.assume(this.account.id, MEMBER_ACCESS_ROLE, `vend-decommission-${this.ctx.unit.name}`));
  }

  /** The AWS PoP the unit (a Space) reaches and clients inside its account, or null. */
  popClients(): Promise<{ unit: EffectiveUnit; clients: AwsClients } | null> {
    return (this.pop ??= (async () => {
      const popUnit = this.ctx.unit.network?.pop ? this.ctx.model.unit(this.ctx.unit.network.pop) : undefined;
      if (!popUnit || popUnit.cloud !== 'aws') return null;
      const popAccount = await accountByIdentity(this.aws, popUnit.identity);
      if (!popAccount) return null;
      return { unit: popUnit, clients: await this.aws.assume(popAccount.id, MEMBER_ACCESS_ROLE, `vend-decommission-${this.ctx.unit.name}`, popUnit.region) };
    })());
  }
}
