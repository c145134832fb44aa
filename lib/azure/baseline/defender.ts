/**
 * Microsoft Defender for Cloud: every plan the unit's template lists at the Standard tier, and
 * the security contact that receives its alerts. Pricing updates in one subscription conflict when
 * run in parallel, so each plan waits for the previous one.
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
      previous = new SecurityCenterSubscriptionPricing(this, plan, {
        tier: 'Standard',
        resourceType: plan,
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
