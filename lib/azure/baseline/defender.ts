/**
 * Microsoft Defender for Cloud: every plan the unit's template lists at the Standard tier, with the
 * subplan and extensions the template's `defenderPlanSettings` give it, and the security contact
 * that receives its alerts. azurerm sends every extension the backend reports and marks the ones
 * not configured as disabled ("If an extension is not defined, it will not be enabled",
 * website/docs/r/security_center_subscription_pricing.html.markdown at v4.55.0), so the list is
 * the whole truth, taken from template data. Pricing updates in one subscription conflict when run
 * in parallel, so each plan waits for the previous one.
 */
import { SecurityCenterContact } from '@cdktf/provider-azurerm/lib/security-center-contact';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { Construct } from 'constructs';
import type { SubscriptionContext } from './context';

export interface DefenderBaselineProps {
  readonly context: SubscriptionContext;
  /** Receives alerts. @default organization.yaml azure.securityContactEmail, else the unit's first owner */
  readonly securityContactEmail?: string;
}

export class DefenderBaseline extends Construct {
  readonly plans: SecurityCenterSubscriptionPricing[] = [];

  constructor(scope: Construct, id: string, props: DefenderBaselineProps) {
    super(scope, id);
    const { unit, model } = props.context;
    const plans = unit.baseline.threatDetection ? (unit.baseline.defenderPlans ?? []) : [];
    let previous: SecurityCenterSubscriptionPricing | undefined;
    for (const plan of plans) {
      const settings = unit.baseline.defenderPlanSettings?.[plan];
      previous = new SecurityCenterSubscriptionPricing(this, plan, {
        tier: 'Standard',
        resourceType: plan,
        subplan: settings?.subplan,
        extension: settings?.extensions.map((e) => (typeof e === 'string' ? { name: e } : { name: e.name, additionalExtensionProperties: e.properties })),
        dependsOn: previous ? [previous] : undefined,
      });
      this.plans.push(previous);
    }
    new SecurityCenterContact(this, 'Contact', {
      name: 'default1',
      email: props.securityContactEmail ?? model.catalog.organization.spec.azure?.securityContactEmail ?? unit.owners[0],
      alertNotifications: true,
      alertsToAdmins: true,
    });
  }
}
