import { awsAvailabilityZones } from './aws-availability-zones';
import { awsPolicyReferences } from './aws-policy-references';
import { awsPopTls } from './aws-pop-tls';
import { azurePolicyQuotas } from './azure-policy-quotas';
import { azurePolicyRules } from './azure-policy-rules';
import { byokSingleTenant } from './byok-single-tenant';
import { cidrOverlap } from './cidr-overlap';
import { cloudFormationQuotas } from './cloudformation-quotas';
import { cidrValid } from './cidr-valid';
import { environmentKnown } from './environment-known';
import { hierarchyDepth } from './hierarchy-depth';
import { kindFields } from './kind-fields';
import { nameLimits } from './name-limits';
import { popReference } from './pop-reference';
import { popSameRegion } from './pop-same-region';
import { protectedLifecycle } from './protected-lifecycle';
import { regionAllowed } from './region-allowed';
import type { Rule } from './rule';
import { scpQuotas } from './scp-quotas';
import { templateReferences } from './template-references';
import { uniqueIdentities } from './unique-identities';
import { uniqueNames } from './unique-names';

export type { Rule } from './rule';

/** Every semantic rule, run together so one validation reports every problem. */
export const RULES: readonly Rule[] = [
  uniqueNames,
  uniqueIdentities,
  nameLimits,
  environmentKnown,
  regionAllowed,
  cidrValid,
  cidrOverlap,
  popReference,
  popSameRegion,
  awsAvailabilityZones,
  awsPopTls,
  byokSingleTenant,
  protectedLifecycle,
  kindFields,
  templateReferences,
  hierarchyDepth,
  scpQuotas,
  cloudFormationQuotas,
  awsPolicyReferences,
  azurePolicyQuotas,
  azurePolicyRules,
];

