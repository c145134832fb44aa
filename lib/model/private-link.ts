/**
 * How a Space reaches its PoP over Private Link, as far as `vend validate` must know: whether the
 * endpoint may sit in another region than the PoP's service. The realizations decide this together
 * with this function; change it here when one of them changes.
 *
 * - AWS: an interface endpoint reaches a service in another Region only when the service lists
 *   that Region in `SupportedRegions` and the endpoint names `ServiceRegion`
 *   (docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cross-region.html). vend's endpoint and
 *   endpoint service set neither, so a Space must be in its PoP's region.
 * - Azure: a private endpoint may connect to a Private Link service in any region
 *   (learn.microsoft.com/azure/private-link/private-link-service-overview, "Properties": "The
 *   Private Link service can be accessed from approved private endpoints in any public region").
 */
import type { Cloud } from './schema';

export function privateLinkCrossesRegions(cloud: Cloud): boolean {
  return cloud === 'azure';
}
