/**
 * The unit's virtual network. No public IPs anywhere and no default outbound access; Spaces reach
 * the world only through a private endpoint to their PoP's Private Link Service, and a PoP's
 * Private Link Service auto-approves and is visible to exactly the subscriptions of its Spaces.
 * No peering is ever created (and policy denies it in Space groups). A decommissioned Space keeps
 * its network but loses the connection to its PoP.
 *
 * Subnets are declared inside the virtual network, each with its network security group, because
 * the Space guardrails deny a subnet PUT without an NSG or with default outbound access (the
 * ALZ Deny-Subnet-Without-Nsg pattern): a separate `azurerm_subnet` is created first and
 * associated with its NSG afterwards, so its first PUT would be denied. azurerm_subnet has no NSG
 * argument; the virtual network's `subnet` block has `security_group` and
 * `default_outbound_access_enabled` (internal/services/network/virtual_network_resource.go:201-322
 * at v4.55.0). A subnet's id is `<virtual network id>/subnets/<name>`.
 */
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateLinkService } from '@cdktf/provider-azurerm/lib/private-link-service';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
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
  /** Id of the subnet for private endpoints (Key Vault, the PoP connection). */
  readonly endpointSubnetId: string;
  readonly privateLinkService?: PrivateLinkService;
  readonly popEndpoint?: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: NetworkBaselineProps) {
    super(scope, id);
    const { unit, resourceGroup } = props.context;
    if (!unit.network) throw new Error(`unit ${unit.name}: Azure units need network.cidr (the baseline places private endpoints in it)`);
    const [endpoints, linkService] = quarterSubnets(unit.network.cidr);
    const common = { location: unit.region, resourceGroupName: resourceGroup.name, tags: unit.tags };
    const publishes = unit.kind === 'PoP' && unit.baseline.network.exposesEndpointService;
    const nsg = (name: string) => new NetworkSecurityGroup(this, `${name}Nsg`, { ...common, name: `nsg-vend-${unit.name}-${name.toLowerCase()}` });
    const subnets = [
      { name: ENDPOINT_SUBNET, addressPrefixes: [endpoints], defaultOutboundAccessEnabled: false, privateEndpointNetworkPolicies: 'Enabled', securityGroup: nsg('Endpoints').id },
      ...(publishes
        ? [{ name: LINK_SUBNET, addressPrefixes: [linkService], defaultOutboundAccessEnabled: false, privateLinkServiceNetworkPoliciesEnabled: false, securityGroup: nsg('PrivateLink').id }]
        : []),
    ];
    this.virtualNetwork = new VirtualNetwork(this, 'Resource', {
      ...common,
      name: `vnet-${unit.name}`,
      addressSpace: [unit.network.cidr],
      subnet: subnets,
      // The subscription's own network watcher first, or Azure creates one in NetworkWatcherRG.
      dependsOn: props.flowLogs ? [props.flowLogs.networkWatcher] : undefined,
    });
    props.flowLogs?.logVirtualNetwork('VirtualNetwork', this.virtualNetwork.id);
    this.endpointSubnetId = `${this.virtualNetwork.id}/subnets/${ENDPOINT_SUBNET}`;

    if (publishes) {
      const linkSubnetId = `${this.virtualNetwork.id}/subnets/${LINK_SUBNET}`;
      const lb = new Lb(this, 'LoadBalancer', {
        ...common,
        name: 'lbi-vend-pop',
        sku: 'Standard',
        frontendIpConfiguration: [{ name: 'pop-frontend', subnetId: linkSubnetId, privateIpAddressAllocation: 'Dynamic' }],
      });
      const allowed = [...(props.spaces ?? [])].sort().map((space) => props.context.tenantOutput(TENANT_OUTPUTS.subscriptionIds, space));
      this.privateLinkService = new PrivateLinkService(this, 'PrivateLinkService', {
        ...common,
        name: PRIVATE_LINK_SERVICE,
        loadBalancerFrontendIpConfigurationIds: [lb.frontendIpConfiguration.get(0).id],
        natIpConfiguration: [{ name: 'pls-nat', subnetId: linkSubnetId, primary: true }],
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
        subnetId: this.endpointSubnetId,
        privateServiceConnection: {
          name: `${unit.name}-to-${unit.network.pop}`,
          privateConnectionResourceId: props.context.tenantOutput(TENANT_OUTPUTS.privateLinkServiceIds, unit.network.pop),
          isManualConnection: false,
        },
      });
    }
  }
}

export const ENDPOINT_SUBNET = 'snet-private-endpoints';
export const LINK_SUBNET = 'snet-private-link';
