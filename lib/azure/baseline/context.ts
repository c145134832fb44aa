/** What every baseline construct of a subscription stack shares. */
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { EffectiveUnit, VendModel } from '../../model';

export interface SubscriptionContext {
  readonly model: VendModel;
  readonly unit: EffectiveUnit;
  /** The unit's subscription id (a token read from the tenant stack's outputs). */
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly resourceGroup: ResourceGroup;
  /** Reads a tenant output, optionally one key of a map output. */
  tenantOutput(name: string, key?: string): string;
}
