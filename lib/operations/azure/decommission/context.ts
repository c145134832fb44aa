/** What the Azure decommission steps share: the unit, its subscription, and the scope's clients. */
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { PolicyClient } from '@azure/arm-policy';
import { baselineResourceGroup, policyAssignmentName, QUARANTINE_KEY, type EffectiveUnit, type LifecycleStep, type VendModel } from '../../../model';
import { systemClock, type Clock } from '../../client';
import type { AzureClients } from '../clients';

export interface UnitSubscription {
  readonly id: string;
  readonly displayName: string;
}

export interface AzureDecommissionContext {
  readonly azure: AzureClients;
  readonly model: VendModel;
  readonly unit: EffectiveUnit;
  readonly subscription: UnitSubscription;
  readonly clock?: Clock;
  /** Polling interval for asynchronous operations. @default 1000 ms */
  readonly pollMs?: number;
}

export const RESOURCES_API = '2021-04-01';

export class AzureSteps {
  readonly scope: string;
  readonly target: string;
  readonly clock: Clock;
  readonly pollMs: number;
  readonly resourceGroup: string;

  constructor(readonly ctx: AzureDecommissionContext) {
    this.scope = `/subscriptions/${ctx.subscription.id}`;
    this.target = ctx.model.hierarchy.node(QUARANTINE_KEY).azure.id;
    this.clock = ctx.clock ?? systemClock;
    this.pollMs = ctx.pollMs ?? 1000;
    this.resourceGroup = baselineResourceGroup(ctx.unit);
  }

  get azure(): AzureClients {
    return this.ctx.azure;
  }

  get auth(): AuthorizationManagementClient {
    return this.azure.authorization(this.ctx.subscription.id);
  }

  get policy(): PolicyClient {
    return this.azure.policyFor(this.ctx.subscription.id);
  }

  /** The policy assignment names the hierarchy places at the Decommissioned group. */
  quarantinePolicies(): string[] {
    return this.ctx.model.hierarchy
      .node(QUARANTINE_KEY)
      .controls.filter((c) => this.ctx.model.catalog.controls.get(c)?.spec.azure)
      .map(policyAssignmentName);
  }

  /** Is `scope` the subscription or inside it (a resource group or resource)? Case-insensitive, as ARM ids are. */
  within(scope: string | undefined): boolean {
    const s = (scope ?? '').toLowerCase();
    const mine = this.scope.toLowerCase();
    return s === mine || s.startsWith(`${mine}/`);
  }

  spec(steps: readonly LifecycleStep[], id: string): LifecycleStep {
    const s = steps.find((x) => x.id === id);
    if (!s) throw new Error(`the lifecycle model has no Azure step '${id}'`);
    return s;
  }
}
