/**
 * Virtual network flow logs (the template's `logForwarding.flowLogs`): the subscription's own
 * network watcher, created before the VNet so Azure does not create one of its own elsewhere, and a
 * storage account that itself satisfies the storage guardrails (HTTPS only, TLS 1.2, no public blob
 * access, no public network access; the flow-log service writes as a trusted Azure service).
 */
import { NetworkWatcher } from '@cdktf/provider-azurerm/lib/network-watcher';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { Construct } from 'constructs';
import { flowLogStorageName } from '../names';
import type { SubscriptionContext } from './context';

export interface FlowLogsProps {
  readonly context: SubscriptionContext;
  /** Days flow logs are kept. @default 90 */
  readonly retentionDays?: number;
}

export class FlowLogs extends Construct {
  readonly networkWatcher: NetworkWatcher;
  readonly storageAccount: StorageAccount;
  private readonly context: SubscriptionContext;
  private readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    this.context = props.context;
    this.retentionDays = props.retentionDays ?? 90;
    const { unit, resourceGroup } = props.context;
    const common = { location: unit.region, resourceGroupName: resourceGroup.name, tags: unit.tags };
    this.networkWatcher = new NetworkWatcher(this, 'NetworkWatcher', { ...common, name: `nw-vend-${unit.region}` });
    this.storageAccount = new StorageAccount(this, 'Storage', {
      ...common,
      name: flowLogStorageName(unit),
      accountTier: 'Standard',
      accountReplicationType: 'ZRS',
      accountKind: 'StorageV2',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
      publicNetworkAccessEnabled: false,
      infrastructureEncryptionEnabled: true,
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
    });
  }

  /** Turns flow logs on for a virtual network. */
  logVirtualNetwork(id: string, virtualNetworkId: string): NetworkWatcherFlowLog {
    const { unit, resourceGroup } = this.context;
    return new NetworkWatcherFlowLog(this, id, {
      name: `fl-${unit.name}-${id.toLowerCase()}`,
      location: unit.region,
      resourceGroupName: resourceGroup.name,
      networkWatcherName: this.networkWatcher.name,
      targetResourceId: virtualNetworkId,
      storageAccountId: this.storageAccount.id,
      enabled: true,
      version: 2,
      retentionPolicy: { enabled: true, days: this.retentionDays },
      tags: unit.tags,
    });
  }
}
