import { AWS_REGIONS } from '../aws-regions';
import { closest } from '../did-you-mean';
import type { Rule } from './rule';

/** Every AWS region organization.yaml allows exists, so a typo fails here instead of at deploy. */
export const organizationRegions: Rule = (catalog) => {
  const org = catalog.organization;
  return (org.spec.aws?.regions ?? []).flatMap((region, i) => {
    if (AWS_REGIONS.includes(region)) return [];
    const hint = closest(region, AWS_REGIONS);
    return [org.source.at(['aws', 'regions', i], 'unknown-region', `'${region}' is not an AWS region${hint ? ` (did you mean '${hint}'?)` : ''}`)];
  });
};
