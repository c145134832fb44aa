/**
 * The unit's virtual network. No public IPs anywhere and no default outbound access; Spaces reach
 * the world only through a private endpoint to their PoP's Private Link Service, and a PoP's
 * Private Link Service auto-approves and is visible to exactly the subscriptions of its Spaces.
 * No peering is ever created (and policy denies it in Space groups). A decommissioned Space keeps
 * its network but loses the connection to its PoP.
 */
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateLinkService } from '@cdktf/provider-azurerm/lib/private-link-service';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';
import { PRIVATE_LINK_SERVICE, quarterSubnets, TENANT_OUTPUTS } from '../names';
import type { SubscriptionContext } from './context';
import type { FlowLogs } from './flow-logs';

export interface NetworkBaselineProps {
  readonly context: SubscriptionContext;
  /** PoPs: the Spaces (unit names) whose subscriptions may connect. @default none */
  readonly spaces?: readonly string[];
  /** Log the VNet's flows here. @default no flow logs */
  readonly flowLogs?: FlowLogs;
}

export class NetworkBaseline extends Construct {
  readonly virtualNetwork: VirtualNetwork;
  /** Subnet for private endpoints (Key Vault, the PoP connection). */
  readonly endpointSubnet: Subnet;
  readonly privateLinkService?: PrivateLinkService;
  readonly popEndpoint?: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: NetworkBaselineProps) {
    super(scope, id);
    const { unit, resourceGroup } = props.context;
    if (!unit.network) throw new Error(`unit ${unit.name}: Azure units need network.cidr (the baseline places private endpoints in it)`);
    const [endpoints, linkService] = quarterSubnets(unit.network.cidr);
    const common = { location: unit.region, resourceGroupName: resourceGroup.name, tags: unit.tags };
    this.virtualNetwork = new VirtualNetwork(this, 'Resource', {
      ...common,
      name: `vnet-${unit.name}`,
      addressSpace: [unit.network.cidr],
      // The subscription's own network watcher first, or Azure creates one in NetworkWatcherRG.
      dependsOn: props.flowLogs ? [props.flowLogs.networkWatcher] : undefined,
    });
    props.flowLogs?.logVirtualNetwork('VirtualNetwork', this.virtualNetwork.id);
    this.endpointSubnet = new Subnet(this, 'PrivateEndpoints', {
      name: 'snet-private-endpoints',
      resourceGroupName: resourceGroup.name,
      virtualNetworkName: this.virtualNetwork.name,
      addressPrefixes: [endpoints],
      defaultOutboundAccessEnabled: false,
      privateEndpointNetworkPolicies: 'Enabled',
    });

    if (unit.kind === 'PoP' && unit.baseline.network.exposesEndpointService) {
      const plsSubnet = new Subnet(this, 'PrivateLink', {
        name: 'snet-private-link',
        resourceGroupName: resourceGroup.name,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [linkService],
        defaultOutboundAccessEnabled: false,
        privateLinkServiceNetworkPoliciesEnabled: false,
      });
      const lb = new Lb(this, 'LoadBalancer', {
        ...common,
        name: 'lbi-vend-pop',
        sku: 'Standard',
        frontendIpConfiguration: [{ name: 'pop-frontend', subnetId: plsSubnet.id, privateIpAddressAllocation: 'Dynamic' }],
      });
      const allowed = [...(props.spaces ?? [])].sort().map((space) => props.context.tenantOutput(TENANT_OUTPUTS.subscriptionIds, space));
      this.privateLinkService = new PrivateLinkService(this, 'PrivateLinkService', {
        ...common,
        name: PRIVATE_LINK_SERVICE,
        loadBalancerFrontendIpConfigurationIds: [lb.frontendIpConfiguration.get(0).id],
        natIpConfiguration: [{ name: 'pls-nat', subnetId: plsSubnet.id, primary: true }],
        autoApprovalSubscriptionIds: allowed,
        visibilitySubscriptionIds: allowed,
      });
    }

    if (unit.kind === 'Space' && unit.baseline.network.reachesPop && unit.network.pop && unit.lifecycle === 'active') {
      const pop = props.context.model.unit(unit.network.pop);
      if (pop?.cloud !== 'azure') {
        throw new Error(`unit ${unit.name}: PoP ${unit.network.pop} is not an Azure PoP; cross-cloud PoP connections are not realized on Azure`);
      }
      this.popEndpoint = new PrivateEndpoint(this, 'PopEndpoint', {
        ...common,
        name: `pe-${unit.name}-to-${unit.network.pop}`,
        subnetId: this.endpointSubnet.id,
        privateServiceConnection: {
          name: `${unit.name}-to-${unit.network.pop}`,
          privateConnectionResourceId: props.context.tenantOutput(TENANT_OUTPUTS.privateLinkServiceIds, unit.network.pop),
          isManualConnection: false,
        },
      });
    }
  }
}
