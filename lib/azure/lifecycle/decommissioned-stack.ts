/**
 * The stack of a decommissioned Azure unit (DECISIONS.md §4, issue 13): it declares nothing the
 * pipeline would recreate after `vend decommission` deletes it. Every resource the unit's stack
 * declares while active (role assignments, the baseline resource group and all in it, diagnostic
 * settings, Defender plans, PIM eligibility, identities, ...) becomes a `removed` block with
 * `destroy = false`: the apply forgets them, the decommission deletes what it deletes (role
 * assignments, eligibility, vend's policy assignments, the baseline resource group), and cancelling
 * the subscription ends the rest. Without this the next apply of the unit's stack would re-create
 * them inside the Decommissioned group, where deny-all refuses the writes and blocks the pipeline,
 * or, for writes Policy does not evaluate, silently give access back (reviews/azure.md B4).
 *
 * What the active stack declares is found by building it (in a scratch app that is never
 * synthesized), so the two can never drift apart. The providers stay configured as the active
 * stack's are (Terraform plans the forgetting with them), bound to the same subscription, with no
 * resource provider to register.
 */
import type { Construct } from 'constructs';
import type { EffectiveUnit, VendModel } from '../../model';
import { useBackend, type StateBackend } from '../backend';
import { App, TerraformStack } from '../cdktf';
import { EntraProvider } from '../entra';
import { TENANT_OUTPUTS } from '../names';
import { unitProvider } from '../provider';
import { SubscriptionStack } from '../subscription-stack';
import { tenantOutputs } from '../tenant-outputs';
import { forget } from './forget';

export interface DecommissionedStackProps {
  readonly model: VendModel;
  readonly unit: EffectiveUnit;
  readonly backend: StateBackend;
  /** A directory the scratch app may name as its outdir (nothing is written there). */
  readonly scratchDir: string;
}

/** Resource type prefixes whose provider this stack configures. */
const PROVIDERS = ['azurerm_', 'azuread_'] as const;

export class DecommissionedSubscriptionStack extends TerraformStack {
  /** `<type>.<name>` of every resource the unit's stack declared while active, now forgotten. */
  readonly forgotten: readonly string[];

  constructor(scope: Construct, id: string, props: DecommissionedStackProps) {
    super(scope, id);
    const { model, unit } = props;
    const azure = model.catalog.organization.spec.azure;
    if (!azure) throw new Error('organization.yaml has no azure block');
    if (unit.lifecycle !== 'decommissioned') throw new Error(`${unit.name} is not decommissioned`);
    useBackend(this, id, props.backend);
    this.forgotten = declaredWhileActive(id, props);
    const foreign = this.forgotten.filter((a) => !PROVIDERS.some((p) => a.startsWith(p)));
    if (foreign.length) throw new Error(`${unit.name}: no provider configured to forget ${foreign.join(', ')}`);

    const central = model.units.find((u) => u.cloud === 'azure' && u.kind === 'Central' && u.lifecycle === 'active');
    const tenant = tenantOutputs(this, { backend: props.backend, org: model.catalog.organization.spec.name, central });
    unitProvider(this, { tenantId: azure.tenantId, subscriptionIdLookup: tenant.lookup(TENANT_OUTPUTS.subscriptionIds, unit.name), resourceProviders: [] });
    if (this.forgotten.some((a) => a.startsWith('azuread_'))) new EntraProvider(this, 'azuread', { tenantId: azure.tenantId });
    forget(this, this.forgotten);
  }
}

/** The resource addresses of the unit's stack as it is while the unit is active. */
export function declaredWhileActive(id: string, props: DecommissionedStackProps): string[] {
  const scratch = new App({ outdir: props.scratchDir, skipValidation: true, stackTraces: false });
  const active = new SubscriptionStack(scratch, id, { model: props.model, unit: { ...props.unit, lifecycle: 'active' }, backend: props.backend });
  const resources = (active.toTerraform() as { resource?: Record<string, Record<string, unknown>> }).resource ?? {};
  return Object.entries(resources)
    .flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`))
    .sort();
}
