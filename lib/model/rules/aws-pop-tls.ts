import { templateFor } from '../effective-unit';
import type { Rule } from './rule';

/**
 * An AWS PoP's TLS listener needs a certificate for `<pop>.<aws.pops.domain>` from a Private CA in
 * its own region (ACM issues private certificates from a CA in the request's region), and Spaces
 * need that domain for their private DNS. Checked for every active AWS PoP whose template publishes
 * an endpoint service.
 */
export const awsPopTls: Rule = (catalog) => {
  const pops = catalog.organization.spec.aws?.pops;
  const template = templateFor(catalog, 'PoP');
  if (!template?.baseline.network.exposesEndpointService) return [];
  return catalog.units.flatMap((unit) => {
    const spec = unit.spec;
    if (spec.kind !== 'PoP' || spec.cloud !== 'aws' || spec.lifecycle === 'decommissioned') return [];
    if (!pops) return [unit.source.at(['region'], 'pop-tls', 'organization.yaml has no aws.pops (domain and Private CA): the PoP\'s TLS listener needs a certificate')];
    if (pops.certificateAuthorities[spec.region]) return [];
    return [unit.source.at(['region'], 'pop-tls', `organization.yaml aws.pops.certificateAuthorities has no Private CA for ${spec.region}`)];
  });
};
