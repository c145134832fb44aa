/**
 * Log forwarding: the subscription's activity log and the Key Vault and virtual network resource
 * logs go to the Central unit's Log Analytics workspace and security Event Hub. (The
 * require-diagnostic-settings policy deploys the activity-log setting too, as a backstop.)
 */
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Construct } from 'constructs';

export interface LogDestination {
  readonly logAnalyticsWorkspaceId: string;
  readonly eventHubAuthorizationRuleId: string;
  readonly eventHubName: string;
}

export interface LogForwardingProps {
  readonly subscriptionId: string;
  readonly destination: LogDestination;
  /** Resources whose logs are forwarded, by a stable name. */
  readonly resources: Readonly<Record<string, string>>;
  /** Forward the subscription activity log. @default true */
  readonly activityLogs?: boolean;
}

export const ACTIVITY_LOG_CATEGORIES = ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'];

export class LogForwarding extends Construct {
  readonly settings: MonitorDiagnosticSetting[] = [];

  constructor(scope: Construct, id: string, props: LogForwardingProps) {
    super(scope, id);
    const sink = {
      logAnalyticsWorkspaceId: props.destination.logAnalyticsWorkspaceId,
      eventhubAuthorizationRuleId: props.destination.eventHubAuthorizationRuleId,
      eventhubName: props.destination.eventHubName,
    };
    if (props.activityLogs ?? true) {
      this.settings.push(
        new MonitorDiagnosticSetting(this, 'ActivityLog', {
          ...sink,
          name: 'vend-activity-log',
          targetResourceId: `/subscriptions/${props.subscriptionId}`,
          enabledLog: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
        }),
      );
    }
    for (const [name, resourceId] of Object.entries(props.resources)) {
      this.settings.push(
        new MonitorDiagnosticSetting(this, name, {
          ...sink,
          name: 'vend-diagnostics',
          targetResourceId: resourceId,
          enabledLog: [{ categoryGroup: 'allLogs' }],
          enabledMetric: [{ category: 'AllMetrics' }],
        }),
      );
    }
  }
}
