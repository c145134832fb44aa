/**
 * Cloud-neutral facts about units that both realizations and the operations ask for, answered
 * once: the order kinds are deployed in, the one active Central of a cloud, and the active Spaces a
 * PoP admits. Each used to be re-derived per cloud.
 */
import { compareStrings } from './compare';
import type { EffectiveUnit } from './effective-unit';
import type { Cloud, UnitKind } from './schema';

/** Kinds in the order their baselines must exist: Central first (it hosts the log archive and sinks), Spaces after their PoP. */
export const KIND_DEPLOY_ORDER: readonly UnitKind[] = ['Central', 'ControlPlane', 'PoP', 'Space'];

export function kindDeployRank(kind: UnitKind): number {
  return KIND_DEPLOY_ORDER.indexOf(kind);
}

/** The active Central units of a cloud (a valid deployment has exactly one). */
export function activeCentrals(units: readonly EffectiveUnit[], cloud: Cloud): EffectiveUnit[] {
  return units.filter((u) => u.cloud === cloud && u.kind === 'Central' && u.lifecycle === 'active').sort((a, b) => compareStrings(a.name, b.name));
}

/** The active Spaces that reach `pop` (a decommissioned Space is quarantined: its PoP stops admitting it), by name. */
export function activeSpacesOf(units: readonly EffectiveUnit[], pop: string): EffectiveUnit[] {
  return units.filter((u) => u.kind === 'Space' && u.lifecycle === 'active' && u.network?.pop === pop).sort((a, b) => compareStrings(a.name, b.name));
}
