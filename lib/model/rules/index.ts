import { accessGroups } from './access-groups';
import { awsAvailabilityZones } from './aws-availability-zones';
import { awsPolicyReferences } from './aws-policy-references';
import { awsPopTls } from './aws-pop-tls';
import { azurePolicyQuotas } from './azure-policy-quotas';
import { azurePolicyRules } from './azure-policy-rules';
import { byokRegion } from './byok-region';
import { byokSingleTenant } from './byok-single-tenant';
import { cidrOverlap } from './cidr-overlap';
import { cloudFormationQuotas } from './cloudformation-quotas';
import { cidrValid } from './cidr-valid';
import { constructIds } from './construct-ids';
import { environmentKnown } from './environment-known';
import { hierarchyDepth } from './hierarchy-depth';
import { kindFields } from './kind-fields';
import { nameLimits } from './name-limits';
import { networkRange } from './network-range';
import { networkSize } from './network-size';
import { organizationRegions } from './organization-regions';
import { policyNames } from './policy-names';
import { policyParameters } from './policy-parameters';
import { popReference } from './pop-reference';
import { popRegion } from './pop-region';
import { protectedLifecycle } from './protected-lifecycle';
import { regionAllowed } from './region-allowed';
import type { Rule } from './rule';
import { scpQuotas } from './scp-quotas';
import { tagKeys } from './tag-keys';
import { templateReferences } from './template-references';
import { uniqueIdentities } from './unique-identities';
import { uniqueNames } from './unique-names';

export type { Rule } from './rule';

/** Every semantic rule, run together so one validation reports every problem. */
export const RULES: readonly Rule[] = [
  uniqueNames,
  uniqueIdentities,
  nameLimits,
  constructIds,
  environmentKnown,
  organizationRegions,
  regionAllowed,
  cidrValid,
  networkSize,
  networkRange,
  cidrOverlap,
  popReference,
  popRegion,
  awsAvailabilityZones,
  awsPopTls,
  byokSingleTenant,
  byokRegion,
  accessGroups,
  tagKeys,
  protectedLifecycle,
  kindFields,
  templateReferences,
  hierarchyDepth,
  scpQuotas,
  cloudFormationQuotas,
  awsPolicyReferences,
  azurePolicyQuotas,
  azurePolicyRules,
  policyNames,
  policyParameters,
];

