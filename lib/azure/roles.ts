/**
 * How catalog roles become Azure role definitions, and which platform roles vend grants at
 * management-group scope. Privileged roles (anything that can change access or every resource)
 * are PIM eligible assignments, activated just in time; never permanent. Nobody gets Owner on a
 * unit: a unit `owner` is Contributor plus Role Based Access Control Administrator constrained
 * (an ABAC condition) to granting and removing only the roles a unit hands out permanently.
 */
import type { AccessRole, NodeRole, UnitKind } from '../model';
import { stableGuid } from './names';

/**
 * Built-in role definition GUIDs, the same in every tenant
 * (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const BUILT_IN_ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  RoleBasedAccessControlAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  SecurityReader: '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  SecurityAdmin: 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  NetworkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
  KeyVaultCryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
} as const;
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** The custom roles vend defines at the organization management group. */
export const WORKLOAD_CONTRIBUTOR = 'workload-contributor';
export const SECURITY_OPERATOR = 'security-operator';
export type CustomRole = typeof WORKLOAD_CONTRIBUTOR | typeof SECURITY_OPERATOR;

export type RoleRef = { readonly builtIn: BuiltInRole } | { readonly custom: CustomRole };

export interface RoleGrant {
  readonly role: RoleRef;
  /** Eligible through PIM (just in time) instead of a permanent assignment. */
  readonly privileged: boolean;
  /** Limits what the role may grant (an ABAC condition on role assignment writes). @default none */
  readonly delegates?: 'unit-roles';
}

/** Catalog access role → Azure roles at the unit's subscription. */
export const ACCESS_ROLE_GRANTS: Readonly<Record<AccessRole, readonly RoleGrant[]>> = {
  owner: [
    { role: { builtIn: 'Contributor' }, privileged: true },
    { role: { builtIn: 'RoleBasedAccessControlAdministrator' }, privileged: true, delegates: 'unit-roles' },
  ],
  admin: [{ role: { builtIn: 'Contributor' }, privileged: true }],
  contributor: [{ role: { custom: WORKLOAD_CONTRIBUTOR }, privileged: false }],
  viewer: [{ role: { builtIn: 'Reader' }, privileged: false }],
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
  'Microsoft.Network/virtualNetworks/peer/action',
  'Microsoft.Network/privateLinkServices/write',
  'Microsoft.Insights/diagnosticSettings/write',
  'Microsoft.Insights/diagnosticSettings/delete',
  'Microsoft.Security/pricings/write',
  'Microsoft.Security/securityContacts/write',
  'Microsoft.KeyVault/vaults/write',
  'Microsoft.KeyVault/vaults/delete',
  'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write',
];

/**
 * Security operators do what Security Admin does except change Azure Policy: the built-in Security
 * Admin (fb1c8493-542b-48eb-b624-b4c8fea62acd) also holds `Microsoft.Authorization/policyAssignments/*`,
 * `policyDefinitions/*`, `policyExemptions/*` and `policySetDefinitions/*`
 * (learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#security-admin), so one
 * activation at the organization group could set `vend-deny-all` to Audit or exempt a subscription
 * from every guardrail. These are Security Admin's other actions, unchanged.
 */
export const SECURITY_OPERATOR_ACTIONS = [
  'Microsoft.Authorization/*/read',
  'Microsoft.Insights/alertRules/*',
  'Microsoft.Management/managementGroups/read',
  'Microsoft.operationalInsights/workspaces/*/read',
  'Microsoft.Resources/deployments/*',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Security/*',
  'Microsoft.IoTSecurity/*',
  'Microsoft.Support/*',
];

/** vend's custom roles: what each may do, defined once at the organization group. */
export const CUSTOM_ROLES: Readonly<Record<CustomRole, { readonly description: string; readonly actions: readonly string[]; readonly notActions: readonly string[] }>> = {
  [WORKLOAD_CONTRIBUTOR]: {
    description: 'Changes workload resources; cannot change access, guardrails, network isolation or the security baseline.',
    actions: ['*'],
    notActions: WORKLOAD_CONTRIBUTOR_NOT_ACTIONS,
  },
  [SECURITY_OPERATOR]: {
    description: "Security Admin without Azure Policy writes: operates Defender for Cloud, cannot rewrite or exempt the organization's guardrails.",
    actions: SECURITY_OPERATOR_ACTIONS,
    notActions: [],
  },
};

export interface PlatformRoleAssignment {
  /** Which management groups: by node role, optionally narrowed to one function. */
  readonly at: { readonly role: NodeRole; readonly function?: UnitKind };
  readonly group: string;
  readonly grant: RoleGrant;
}

/** Platform roles at management-group scope, inherited by every subscription below. */
export const PLATFORM_ROLE_ASSIGNMENTS: readonly PlatformRoleAssignment[] = [
  { at: { role: 'organization' }, group: 'platform-engineers', grant: { role: { builtIn: 'Reader' }, privileged: false } },
  { at: { role: 'organization' }, group: 'platform-engineers', grant: { role: { builtIn: 'Owner' }, privileged: true } },
  { at: { role: 'organization' }, group: 'security-engineers', grant: { role: { builtIn: 'SecurityReader' }, privileged: false } },
  { at: { role: 'organization' }, group: 'security-engineers', grant: { role: { custom: SECURITY_OPERATOR }, privileged: true } },
  { at: { role: 'function', function: 'PoP' }, group: 'network-engineers', grant: { role: { builtIn: 'NetworkContributor' }, privileged: true } },
];

/** A role's name in construct ids: `SecurityReader`, `security-operator`. */
export function roleName(role: RoleRef): string {
  return 'builtIn' in role ? role.builtIn : role.custom;
}

/** The GUID of a role: built-in, or vend's custom role (derived from the organization name). */
export function roleGuid(role: RoleRef, org: string): string {
  return 'builtIn' in role ? BUILT_IN_ROLES[role.builtIn] : stableGuid(`${org}/${role.custom}`);
}

/**
 * Role definition ids in the form ARM reports back for an assignment, so azurerm sees no diff:
 * `role_definition_id` is ForceNew and only case differences are suppressed
 * (internal/services/authorization/role_assignment_resource.go:81-87 at v4.55.0), and Read stores
 * what ARM returns (:310). Subscription, resource-group and resource scopes report the
 * subscription-scoped id (the provider's own acceptance test uses
 * `${subscription.id}${role.id}`, role_assignment_resource_test.go:318, as does the PIM
 * subscription example, website/docs/r/pim_eligible_role_assignment.html.markdown:28); management
 * groups report the unscoped built-in id (role_assignment_resource_test.go:579 assigns
 * `data.azurerm_role_definition.id`, which has no scope; PIM example :64), and the PIM resource
 * finds its schedule by that exact id (pim_eligible_role_assignment_resource.go:681-705).
 */
export function subscriptionRoleDefinitionId(subscriptionId: string, guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/** See subscriptionRoleDefinitionId: the form for assignments at management-group scope. */
export function managementGroupRoleDefinitionId(guid: string): string {
  return `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/**
 * The condition (ABAC, version 2.0) that lets a Role Based Access Control Administrator write and
 * delete only assignments of the given roles: the documented "constrain roles" template
 * (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples#example-constrain-roles).
 */
export function constrainRolesCondition(guids: readonly string[]): string {
  const list = [...guids].sort().join(', ');
  return [
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${list}}))`,
    `AND`,
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${list}}))`,
  ].join(' ');
}

/** Roles a unit `owner` may hand out: the ones unit access grants permanently. */
export function delegableUnitRoles(org: string): string[] {
  return Object.values(ACCESS_ROLE_GRANTS)
    .flat()
    .filter((g) => !g.privileged)
    .map((g) => roleGuid(g.role, org));
}
