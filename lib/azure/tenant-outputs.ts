/**
 * How a unit stack reads the tenant stack's outputs. Every read has a stand-in for the case where
 * the tenant stack has not been applied with the unit yet (a plan of a new unit, or of a fresh
 * tenant): the remote state's `defaults` cover missing outputs, and keyed reads fall back through
 * `try()`. The stand-ins are well-formed and point at nothing; the apply runner only applies a unit
 * stack after the tenant stack it depends on applied, so they never reach Azure on apply.
 */
import type { Construct } from 'constructs';
import type { EffectiveUnit } from '../model';
import { remoteState, type StateBackend } from './backend';
import { Fn } from './cdktf';
import { EVENT_HUB, eventHubAuthorizationRuleId, logAnalyticsWorkspaceId, privateLinkServiceId, TENANT_OUTPUTS, TENANT_STACK } from './names';
import { PLANNED_SUBSCRIPTION_ID } from './provider';

/** Reads one tenant output, or one key of a map output. */
export type TenantOutputReader = (name: string, key?: string) => string;

export interface TenantOutputsProps {
  readonly backend: StateBackend;
  readonly org: string;
  /** The active Azure Central unit, whose sink ids stand in until the tenant publishes them. */
  readonly central?: Pick<EffectiveUnit, 'name'>;
}

export interface TenantOutputs {
  readonly read: TenantOutputReader;
  /** The raw lookup of a map key, without a stand-in (for `can()` tests). */
  readonly lookup: (name: string, key: string) => string;
}

export function tenantOutputs(scope: Construct, props: TenantOutputsProps): TenantOutputs {
  const central = props.central ?? { name: 'central' };
  const defaults: Record<string, unknown> = {
    [TENANT_OUTPUTS.subscriptionIds]: {},
    [TENANT_OUTPUTS.groupObjectIds]: {},
    [TENANT_OUTPUTS.privateLinkServiceIds]: {},
    [TENANT_OUTPUTS.logAnalyticsWorkspaceId]: logAnalyticsWorkspaceId(PLANNED_SUBSCRIPTION_ID, central),
    [TENANT_OUTPUTS.eventHubAuthorizationRuleId]: eventHubAuthorizationRuleId(PLANNED_SUBSCRIPTION_ID, central, props.org),
    [TENANT_OUTPUTS.eventHubName]: EVENT_HUB,
  };
  const tenant = remoteState(scope, 'tenant', props.backend, TENANT_STACK, defaults);
  const lookup = (name: string, key: string): string => Fn.lookupNested(tenant.get(name), [key]);
  // Keyed reads are written as plain Terraform expressions rather than CDKTF tokens: a unit stack
  // makes a dozen of them, and token resolution dominates synth time at 2,000 stacks. The remote
  // state block above is always in the stack, so nothing needs CDKTF to track the reference.
  const read: TenantOutputReader = (name, key) => {
    if (key === undefined) return tenant.getString(name);
    return `\${try(data.terraform_remote_state.tenant.outputs.${name}[${JSON.stringify(key)}], ${JSON.stringify(standIn(name, key))})}`;
  };
  return { read, lookup };
}

function standIn(name: string, key: string): string {
  if (name === TENANT_OUTPUTS.privateLinkServiceIds) return privateLinkServiceId(PLANNED_SUBSCRIPTION_ID, { name: key });
  return PLANNED_SUBSCRIPTION_ID;
}
