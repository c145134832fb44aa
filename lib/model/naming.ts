/**
 * Every name vend derives from the catalog, in one place: identities of accounts and
 * subscriptions, hierarchy node names, tags and construct ids. All are functions of stable catalog
 * keys (unit, environment and kind names), never of list positions.
 */
import type { OrganizationSpec, UnitKind, UnitSpec } from './schema';

/** Tag keys set on every account and subscription; `vend:unit` is how live resources map to units. */
export const TAG_UNIT = 'vend:unit';
export const TAG_KIND = 'vend:kind';
export const TAG_ENVIRONMENT = 'vend:environment';
export const TAG_OWNERS = 'vend:owners';
export const TAG_BASELINE = 'vend:baseline';

/** Limits that both clouds impose on a unit name (AWS account name 50, Azure alias and MG id 90). */
export const UNIT_NAME_MAX = 50;

export const FUNCTION_SLUG: Record<UnitKind, string> = {
  Space: 'spaces',
  PoP: 'pops',
  Central: 'central',
  ControlPlane: 'control-plane',
};

export const FUNCTION_OU_NAME: Record<UnitKind, string> = {
  Space: 'Spaces',
  PoP: 'PoPs',
  Central: 'Central',
  ControlPlane: 'ControlPlane',
};

/** Root e-mail of a unit's AWS account: unique per unit, on the organization's domain. */
export function accountEmail(unit: Pick<UnitSpec, 'name'>, org: OrganizationSpec): string {
  return `${unit.name}@${org.aws?.emailDomain ?? 'invalid.example'}`;
}

/**
 * The root e-mail of the AWS account a unit manages: an adopted account keeps its own
 * (`adopted.email`), every other account gets the generated one.
 */
export function accountIdentity(unit: Pick<UnitSpec, 'name' | 'adopted'>, org: OrganizationSpec): string {
  return unit.adopted?.email ?? accountEmail(unit, org);
}

/** Name of the Microsoft.Subscription alias that creates a unit's subscription (tenant-unique). */
export function subscriptionAlias(unit: Pick<UnitSpec, 'name'>, org: Pick<OrganizationSpec, 'name'>): string {
  return `${org.name}-${unit.name}`;
}

/** `space-eu-acme-prod` → `SpaceEuAcmeProd`: a construct or stack id derived from a catalog name. */
export function pascalId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** Name of the SCP that realizes a control in AWS Organizations. */
export function scpName(control: string): string {
  return `vend-${control}`;
}

/**
 * Name of the Azure Policy assignment of a control at a management group. Assignment names at
 * management-group scope are limited to 24 characters, so long control names are shortened with a
 * hash suffix that keeps them unique and stable.
 */
export function policyAssignmentName(control: string): string {
  const full = `vend-${control}`;
  if (full.length <= 24) return full;
  return `${full.slice(0, 19)}-${fnv1a(control).slice(0, 4)}`;
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable, dependency-free fingerprint for names. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
