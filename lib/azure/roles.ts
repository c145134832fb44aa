/**
 * How catalog roles become Azure role definitions, and which platform roles vend grants at
 * management-group scope. Privileged roles (anything that can change access or every resource)
 * are PIM eligible assignments, activated just in time; never permanent.
 */
import type { AccessRole, NodeRole, UnitKind } from '../model';

/** Built-in role definition GUIDs (the same in every tenant). */
export const BUILT_IN_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  SecurityReader: '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  SecurityAdmin: 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  NetworkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
  KeyVaultCryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
} as const;
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** The custom role vend defines at the organization management group. */
export const WORKLOAD_CONTRIBUTOR = 'workload-contributor';

export type RoleRef = { readonly builtIn: BuiltInRole } | { readonly custom: typeof WORKLOAD_CONTRIBUTOR };

export interface RoleGrant {
  readonly role: RoleRef;
  /** Eligible through PIM (just in time) instead of a permanent assignment. */
  readonly privileged: boolean;
}

/** Catalog access role → Azure role at the unit's subscription. */
export const ACCESS_ROLE_GRANTS: Readonly<Record<AccessRole, RoleGrant>> = {
  owner: { role: { builtIn: 'Owner' }, privileged: true },
  admin: { role: { builtIn: 'Contributor' }, privileged: true },
  contributor: { role: { custom: WORKLOAD_CONTRIBUTOR }, privileged: false },
  viewer: { role: { builtIn: 'Reader' }, privileged: false },
};

/**
 * Workload contributors change resources but not access, guardrails or the baseline: the same as
 * Contributor minus what would bypass a Space's isolation or blind the security team.
 */
export const WORKLOAD_CONTRIBUTOR_NOT_ACTIONS = [
  'Microsoft.Authorization/*/Write',
  'Microsoft.Authorization/*/Delete',
  'Microsoft.Authorization/elevateAccess/Action',
  'Microsoft.Network/publicIPAddresses/write',
  'Microsoft.Network/publicIPPrefixes/write',
  'Microsoft.Network/natGateways/write',
  'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write',
  'Microsoft.Insights/diagnosticSettings/write',
  'Microsoft.Insights/diagnosticSettings/delete',
  'Microsoft.Security/pricings/write',
  'Microsoft.Security/securityContacts/write',
  'Microsoft.KeyVault/vaults/write',
  'Microsoft.KeyVault/vaults/delete',
  'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write',
];

export interface PlatformRoleAssignment {
  /** Which management groups: by node role, optionally narrowed to one function. */
  readonly at: { readonly role: NodeRole; readonly function?: UnitKind };
  readonly group: string;
  readonly grant: RoleGrant & { readonly role: { readonly builtIn: BuiltInRole } };
}

/** Platform roles at management-group scope, inherited by every subscription below. */
export const PLATFORM_ROLE_ASSIGNMENTS: readonly PlatformRoleAssignment[] = [
  { at: { role: 'organization' }, group: 'platform-engineers', grant: { role: { builtIn: 'Reader' }, privileged: false } },
  { at: { role: 'organization' }, group: 'platform-engineers', grant: { role: { builtIn: 'Owner' }, privileged: true } },
  { at: { role: 'organization' }, group: 'security-engineers', grant: { role: { builtIn: 'SecurityReader' }, privileged: false } },
  { at: { role: 'organization' }, group: 'security-engineers', grant: { role: { builtIn: 'SecurityAdmin' }, privileged: true } },
  { at: { role: 'function', function: 'PoP' }, group: 'network-engineers', grant: { role: { builtIn: 'NetworkContributor' }, privileged: true } },
];

/** `<scope>/providers/Microsoft.Authorization/roleDefinitions/<guid>` for a built-in role. */
export function builtInRoleId(scope: string, role: BuiltInRole): string {
  return `${scope}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`;
}
