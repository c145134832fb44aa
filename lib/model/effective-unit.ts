/**
 * A unit's effective configuration: its template's defaults overlaid with what the unit file says,
 * plus everything derived from it (placement, identity, tags, baseline fingerprint). This is what
 * both cloud realizations and the plan read; none of them look at raw unit files.
 */
import { createHash } from 'node:crypto';
import type { Catalog, Sourced } from './catalog';
import { compareStrings } from './compare';
import { placementKey } from './hierarchy';
import {
  accountIdentity,
  subscriptionAlias,
  TAG_BASELINE,
  TAG_ENVIRONMENT,
  TAG_KIND,
  TAG_OWNERS,
  TAG_UNIT,
} from './naming';
import type { AccessEntry, Cloud, Lifecycle, TemplateSpec, UnitKind, UnitSpec } from './schema';

export interface EffectiveUnit {
  readonly name: string;
  readonly kind: UnitKind;
  readonly cloud: Cloud;
  readonly environment: string;
  readonly region: string;
  /** Spaces: single or multi; other kinds: undefined. */
  readonly tenancy?: 'single' | 'multi';
  readonly owners: readonly string[];
  readonly network?: { readonly cidr: string; readonly pop?: string };
  /** BYOK key (KMS key ARN or Key Vault key id) for single-tenant Spaces. */
  readonly customerManagedKey?: string;
  readonly access: readonly AccessEntry[];
  readonly lifecycle: Lifecycle;
  readonly protected: boolean;
  readonly template: { readonly name: string; readonly version: string };
  readonly baseline: TemplateSpec['baseline'];
  /** Hierarchy node key the unit belongs in (see hierarchy.ts). */
  readonly placement: string;
  /** AWS root e-mail (aws units) or Azure subscription alias (azure units); an adopted account's own e-mail. */
  readonly identity: string;
  /** The account or subscription that existed before vend, for units brought in by `vend adopt`. */
  readonly adopted?: { readonly id: string; readonly email?: string };
  /** Template tags ← unit tags ← vend's own `vend:*` tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Short fingerprint of everything that shapes the unit's baseline; changes mean re-baseline. */
  readonly baselineHash: string;
  readonly file: string;
}

export function effectiveUnit(catalog: Pick<Catalog, 'organization' | 'templates'>, unit: Sourced<UnitSpec>): EffectiveUnit {
  const spec = unit.spec;
  const template = templateFor(catalog, spec.kind);
  const defaults = template?.defaults ?? {};
  const org = catalog.organization.spec;
  const lifecycle = spec.lifecycle ?? 'active';
  const tenancy = spec.kind === 'Space' ? (spec.tenancy ?? defaults.tenancy ?? 'multi') : undefined;
  const baseline = template?.baseline ?? EMPTY_BASELINE;
  const access = spec.access ?? defaults.access ?? [];
  const shaping = {
    template: template ? `${template.name}@${template.version}` : 'none',
    region: spec.region,
    tenancy,
    network: spec.network ?? null,
    key: spec.encryption?.customerManagedKey ?? null,
    access,
  };
  const baselineHash = createHash('sha256').update(stableJson(shaping)).digest('hex').slice(0, 12);
  return {
    name: spec.name,
    kind: spec.kind,
    cloud: spec.cloud,
    environment: spec.environment,
    region: spec.region,
    tenancy,
    owners: spec.owners,
    network: spec.network,
    customerManagedKey: spec.encryption?.customerManagedKey,
    access,
    lifecycle,
    protected: spec.protected ?? false,
    template: { name: template?.name ?? 'none', version: template?.version ?? '0' },
    baseline,
    placement: placementKey({ environment: spec.environment, kind: spec.kind, lifecycle }),
    identity: spec.cloud === 'aws' ? accountIdentity(spec, org) : subscriptionAlias(spec, org),
    ...(spec.adopted ? { adopted: spec.adopted } : {}),
    tags: {
      ...(defaults.tags ?? {}),
      ...(spec.tags ?? {}),
      [TAG_UNIT]: spec.name,
      [TAG_KIND]: spec.kind,
      [TAG_ENVIRONMENT]: spec.environment,
      [TAG_OWNERS]: spec.owners.join(' '),
      [TAG_BASELINE]: baselineHash,
    },
    baselineHash,
    file: unit.source.file,
  };
}

/** Per catalog (read-only once loaded): validation's quota rule and the model both need them. */
const computed = new WeakMap<Catalog, readonly EffectiveUnit[]>();

export function effectiveUnits(catalog: Catalog): EffectiveUnit[] {
  let units = computed.get(catalog);
  if (!units) computed.set(catalog, (units = catalog.units.map((u) => effectiveUnit(catalog, u))));
  return [...units];
}

export function templateFor(catalog: Pick<Catalog, 'templates'>, kind: UnitKind): TemplateSpec | undefined {
  for (const t of catalog.templates.values()) if (t.spec.for === kind) return t.spec;
  return undefined;
}

const EMPTY_BASELINE: TemplateSpec['baseline'] = {
  kms: { rotation: true },
  threatDetection: true,
  logForwarding: { flowLogs: true, activityLogs: true },
  network: { internetAccess: false, exposesEndpointService: false, reachesPop: false },
};

/** JSON with sorted keys: the same value always hashes the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compareStrings(a, b)))
      : v,
  );
}
