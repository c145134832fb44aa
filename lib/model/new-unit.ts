/**
 * A new unit file, as `vend new space|pop` writes it: the request's answers plus what the catalog
 * can fill in (the region when the cloud allows one, the PoP of the Space's environment, cloud and
 * region, the next free network block of the environment's ranges). The result is checked with
 * every rule against the catalog it joins before a byte is written.
 */
import type { Catalog, Sourced } from './catalog';
import { nextFreeNetwork } from './network-allocation';
import { SourceFile } from './source-file';
import { unitSchema, type AccessRole, type Cloud, type UnitSpec } from './schema';
import { checkSchema } from './schema-check';
import { compareStrings } from './compare';
import type { Diagnostic } from './diagnostic';
import { validateCatalog } from './validate';

export interface NewUnitRequest {
  readonly kind: 'Space' | 'PoP';
  readonly name: string;
  readonly cloud: Cloud;
  readonly environment: string;
  /** @default the first region organization.yaml allows for the cloud */
  readonly region?: string;
  readonly owners: readonly string[];
  /** Spaces. @default the only (or first by name) active PoP of the same environment, cloud and region */
  readonly pop?: string;
  /** @default the next free /`prefix` of the environment's networkRanges */
  readonly cidr?: string;
  /** @default 22 */
  readonly prefix?: number;
  readonly tenancy?: 'single' | 'multi';
  readonly access?: ReadonlyArray<{ group: string; role: AccessRole }>;
  readonly tags?: Readonly<Record<string, string>>;
  /** The existing account or subscription the unit manages (`vend adopt`). */
  readonly adopted?: { readonly id: string; readonly email?: string };
}

export interface NewUnitResult {
  readonly file: string;
  readonly content: string;
  readonly spec?: UnitSpec;
  /** The parsed unit, as it joins the catalog. */
  readonly unit?: Sourced<UnitSpec>;
  /** Problems with the request or the catalog it would join; nothing is written when any is an error. */
  readonly diagnostics: Diagnostic[];
}

export function newUnit(catalog: Catalog, request: NewUnitRequest, unitsDir: string): NewUnitResult {
  const file = `${unitsDir}/${request.name}.yaml`;
  const problems: Diagnostic[] = [];
  const fail = (message: string) => problems.push({ code: 'new-unit', severity: 'error', file, line: 0, path: '', message });
  const org = catalog.organization.spec;
  const pop = request.kind === 'Space' ? (request.pop ?? defaultPop(catalog, request.environment, request.cloud, request.region)) : undefined;
  // a Space goes where its PoP is (AWS Private Link does not cross regions); a PoP to the first region allowed
  const popRegion = catalog.units.find((u) => u.spec.name === pop)?.spec.region;
  const region = request.region ?? popRegion ?? (request.cloud === 'aws' ? org.aws?.regions[0] : org.azure?.locations[0]);
  if (!region) fail(`organization.yaml allows no ${request.cloud} region; pass --region`);
  if (request.kind === 'Space' && !pop) fail(`no active ${request.cloud} PoP in ${request.environment}${region ? ` (${region})` : ''}; pass --pop`);
  const cidr = request.cidr ?? nextFreeNetwork(catalog, request.environment, request.prefix ?? 22);
  if (!cidr) {
    fail(org.networkRanges?.[request.environment] ? `the ${request.environment} ranges of organization.yaml have no free /${request.prefix ?? 22} left; pass --cidr` : `organization.yaml declares no networkRanges for ${request.environment}; pass --cidr`);
  }
  const content = render({ ...request, region: region ?? '', pop, cidr: cidr ?? '' });
  if (problems.length) return { file, content, diagnostics: problems };
  const parsed = SourceFile.parse(file, content);
  const checked = checkSchema(unitSchema, parsed.value, parsed.source);
  if (!checked.value) return { file, content, diagnostics: [...parsed.problems, ...checked.problems] };
  const unit: Sourced<UnitSpec> = { spec: checked.value, source: parsed.source };
  const clash = catalog.units.find((u) => u.spec.name === request.name);
  if (clash) fail(`a unit named ${request.name} already exists (${clash.source.file})`);
  const joined: Catalog = { ...catalog, units: [...catalog.units, unit].sort((a, b) => compareStrings(a.spec.name, b.spec.name)) };
  return { file, content, spec: checked.value, unit, diagnostics: [...problems, ...validateCatalog(joined)] };
}

function defaultPop(catalog: Catalog, environment: string, cloud: Cloud, region: string | undefined): string | undefined {
  const pops = catalog.units
    .filter((u) => u.spec.kind === 'PoP' && u.spec.environment === environment && u.spec.cloud === cloud && (u.spec.lifecycle ?? 'active') === 'active')
    .map((u) => u.spec);
  const local = region ? pops.filter((p) => p.region === region) : pops;
  return local.map((p) => p.name).sort(compareStrings)[0];
}

/** The unit file, in the bundled catalog's style, with the schema modeline for editors. */
function render(r: NewUnitRequest & { region: string; pop?: string; cidr: string }): string {
  const lines = [
    '# yaml-language-server: $schema=../../schema/unit.schema.json',
    'apiVersion: vend/v1',
    `kind: ${r.kind}`,
    `name: ${r.name}`,
    `cloud: ${r.cloud}`,
    `environment: ${r.environment}`,
    `region: ${r.region}`,
  ];
  if (r.tenancy) lines.push(`tenancy: ${r.tenancy}`);
  lines.push(`owners: [${r.owners.map(scalar).join(', ')}]`);
  lines.push(r.pop ? `network: { cidr: ${r.cidr}, pop: ${r.pop} }` : `network: { cidr: ${r.cidr} }`);
  if (r.access?.length) {
    lines.push('access:');
    for (const a of r.access) lines.push(`  - { group: ${scalar(a.group)}, role: ${a.role} }`);
  }
  if (r.adopted) lines.push(`adopted: { id: "${r.adopted.id}"${r.adopted.email ? `, email: ${scalar(r.adopted.email)}` : ''} }`);
  const tags = Object.entries(r.tags ?? {});
  if (tags.length) lines.push(`tags: { ${tags.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`);
  return lines.join('\n') + '\n';
}

/** A YAML flow scalar: plain when it is a simple word, quoted otherwise. */
function scalar(text: string): string {
  return /^[A-Za-z0-9][\w.@+-]*$/.test(text) ? text : JSON.stringify(text);
}
