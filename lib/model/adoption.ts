/**
 * Bringing an existing organization or tenant under vend (as org-formation `init` does): for every
 * live AWS account or Azure subscription no unit claims, a unit file that names it (`adopted: { id,
 * email }` / `adopted: { id }`, so nothing is created again) and the tags and move that make it
 * managed. Names and kinds come from a mapping file where given, else from the account: its name
 * made a unit name, its environment from the OU or management group it sits in (the least
 * sensitive environment otherwise), kind Space, owners its root e-mail (AWS; a subscription has
 * none, so an Azure unit's owners come from the mapping file). An untagged account or subscription
 * that already uses a unit's e-mail or alias only needs the tag.
 *
 * Adopted AWS accounts are never declared in CloudFormation (lib/aws/accounts/accounts-stack.ts), so
 * adoption also keeps them placed: an already adopted unit whose account has lost a `vend:*` tag or
 * sits outside the OU of the unit's placement (a changed environment, or Quarantine once the unit
 * is decommissioned) is tagged and moved again. The same holds for adopted subscriptions, whose
 * placement the tenant stack also declares.
 */
import { z } from 'zod';
import type { Catalog } from './catalog';
import { compareStrings } from './compare';
import type { Diagnostic } from './diagnostic';
import { hasErrors } from './diagnostic';
import type { VendModel } from './model';
import type { AwsInventory, AzureInventory } from './inventory';
import { TAG_ENVIRONMENT, TAG_KIND, TAG_OWNERS, TAG_UNIT } from './naming';
import { newUnit } from './new-unit';
import { accessEntrySchema, API_VERSION, type Cloud, type UnitSpec } from './schema';
import { CLOSED_ACCOUNT_STATES, CLOSED_SUBSCRIPTION_STATES } from './guardrails';

const AWS_ACCOUNT_ID = /^\d{12}$/;
const SUBSCRIPTION_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const adoptionMapSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('AdoptionMap'),
  accounts: z.array(
    z.strictObject({
      id: z
        .string()
        .refine((id) => AWS_ACCOUNT_ID.test(id) || SUBSCRIPTION_ID.test(id), 'must be a 12-digit AWS account id or an Azure subscription id'),
      name: z.string().optional(),
      kind: z.enum(['Space', 'PoP']).optional(),
      environment: z.string().optional(),
      region: z.string().optional(),
      owners: z.array(z.string()).min(1).optional(),
      pop: z.string().optional(),
      cidr: z.string().optional(),
      access: z.array(accessEntrySchema).optional(),
      skip: z.boolean().optional().describe('Leave this account or subscription alone.'),
    }),
  ),
});
export type AdoptionMap = z.infer<typeof adoptionMapSchema>;

/**
 * An account or subscription as adoption sees it. `email` is an AWS account's root e-mail or an
 * Azure subscription's alias (what a unit's identity is compared with); `ouPath` the OU path or the
 * management-group id it sits in; `within` that location and every one above it, nearest first.
 */
export interface AdoptionCandidate {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly ouPath: string;
  readonly within: readonly string[];
  readonly closed: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface AdoptedAccount {
  readonly cloud: Cloud;
  readonly account: Pick<AdoptionCandidate, 'id' | 'name' | 'email' | 'ouPath'>;
  readonly unit: string;
  /** The unit file to write; absent when a unit already names the account by its e-mail or alias. */
  readonly file?: { readonly path: string; readonly content: string };
  readonly tags: Readonly<Record<string, string>>;
  /** OU path (AWS) or management-group id (Azure) to move to, when it is elsewhere. */
  readonly moveTo?: string;
}

export interface Adoption {
  readonly accounts: readonly AdoptedAccount[];
  readonly diagnostics: readonly Diagnostic[];
}

/** AWS accounts as candidates; the management account is never one. */
export function awsAdoptionCandidates(model: VendModel, aws: AwsInventory): AdoptionCandidate[] {
  const management = new Set([model.catalog.organization.spec.aws?.managementAccountId, aws.managementAccountId].filter(Boolean));
  return aws.accounts
    .filter((a) => !management.has(a.id))
    .map((a) => ({ id: a.id, name: a.name, email: a.email, ouPath: a.ouPath, within: pathPrefixes(a.ouPath), closed: CLOSED_ACCOUNT_STATES.has(a.status), tags: a.tags }));
}

/** Azure subscriptions as candidates, with the management groups above each. */
export function azureAdoptionCandidates(azure: AzureInventory): AdoptionCandidate[] {
  const parent = new Map(azure.managementGroups.map((g) => [g.id, g.parentId]));
  const above = (group: string): string[] => {
    const chain: string[] = [];
    for (let g: string | undefined = group; g !== undefined && !chain.includes(g); g = parent.get(g)) chain.push(g);
    return chain;
  };
  return azure.subscriptions.map((s) => ({
    id: s.id,
    name: s.displayName,
    email: s.alias ?? '',
    ouPath: s.managementGroupId,
    within: above(s.managementGroupId),
    closed: CLOSED_SUBSCRIPTION_STATES.has(s.state),
    tags: s.tags,
  }));
}

export function planAdoption(model: VendModel, cloud: Cloud, live: readonly AdoptionCandidate[], unitsDir: string, map?: AdoptionMap): Adoption {
  const catalog = model.catalog;
  const org = catalog.organization.spec;
  const units = new Set(model.units.map((u) => u.name));
  const byIdentity = new Map(model.units.filter((u) => u.cloud === cloud && !u.adopted).map((u) => [u.identity.toLowerCase(), u]));
  const adoptedIds = new Set(model.units.filter((u) => u.adopted).map((u) => u.adopted!.id.toLowerCase()));
  const entries = new Map((map?.accounts ?? []).map((a) => [a.id.toLowerCase(), a]));
  const out: AdoptedAccount[] = [];
  const diagnostics: Diagnostic[] = [];
  let joined: Catalog = catalog;
  const candidates = live
    .filter((a) => !a.closed && !units.has(a.tags[TAG_UNIT] ?? '') && !adoptedIds.has(a.id.toLowerCase()))
    .sort((a, b) => compareStrings(a.id, b.id));
  for (const account of candidates) {
    const entry = entries.get(account.id.toLowerCase());
    if (entry?.skip) continue;
    const claimed = account.email ? byIdentity.get(account.email.toLowerCase()) : undefined;
    if (claimed) {
      out.push({ cloud, account, unit: claimed.name, tags: vendTags(claimed.name, claimed.kind, claimed.environment, claimed.owners), ...move(model, cloud, account, claimed.placement) });
      continue;
    }
    const environment = entry?.environment ?? environmentOf(model, cloud, account.within) ?? org.environments[0];
    const name = entry?.name ?? unitNameOf(account.name);
    const owners = entry?.owners ?? (cloud === 'aws' ? [account.email] : undefined);
    if (!owners) {
      diagnostics.push({ code: 'new-unit', severity: 'error', file: `${unitsDir}/${name}.yaml`, line: 0, path: 'owners', message: `subscription ${account.id} '${account.name}': give its owners in the mapping file (accounts[].owners)` });
      continue;
    }
    const result = newUnit(
      joined,
      {
        kind: entry?.kind ?? 'Space',
        name,
        cloud,
        environment,
        region: entry?.region,
        owners,
        pop: entry?.pop,
        cidr: entry?.cidr,
        access: entry?.access,
        adopted: cloud === 'aws' ? { id: account.id, email: account.email } : { id: account.id },
      },
      unitsDir,
    );
    if (hasErrors(result.diagnostics) || !result.unit) {
      diagnostics.push(...result.diagnostics);
      continue;
    }
    const added = result.unit;
    joined = { ...joined, units: [...joined.units, added].sort((a, b) => compareStrings(a.spec.name, b.spec.name)) };
    const spec: UnitSpec = added.spec;
    out.push({
      cloud,
      account,
      unit: name,
      file: { path: result.file, content: result.content },
      tags: vendTags(name, spec.kind, spec.environment, spec.owners),
      ...move(model, cloud, account, `${spec.environment}/${spec.kind}`),
    });
  }
  out.push(...replaceAdopted(model, cloud, live));
  return { accounts: out, diagnostics };
}

/** Adopted units whose accounts or subscriptions need their tags or their place again. */
function replaceAdopted(model: VendModel, cloud: Cloud, live: readonly AdoptionCandidate[]): AdoptedAccount[] {
  const byId = new Map(live.map((a) => [a.id.toLowerCase(), a]));
  const out: AdoptedAccount[] = [];
  for (const unit of model.units.filter((u) => u.cloud === cloud && u.adopted)) {
    const account = byId.get(unit.adopted!.id.toLowerCase());
    if (!account || account.closed) continue;
    const tags = vendTags(unit.name, unit.kind, unit.environment, unit.owners);
    const placed = move(model, cloud, account, unit.placement);
    const tagged = Object.entries(tags).every(([k, v]) => account.tags[k] === v);
    if (tagged && !placed.moveTo) continue;
    out.push({ cloud, account, unit: unit.name, tags, ...placed });
  }
  return out;
}

/** The `vend:*` tags that make an account a unit's (not `vend:baseline`: the baseline is not deployed yet). */
function vendTags(unit: string, kind: string, environment: string, owners: readonly string[]): Record<string, string> {
  return { [TAG_UNIT]: unit, [TAG_KIND]: kind, [TAG_ENVIRONMENT]: environment, [TAG_OWNERS]: owners.join(' ') };
}

function move(model: VendModel, cloud: Cloud, account: Pick<AdoptionCandidate, 'ouPath'>, placement: string): { moveTo?: string } {
  const node = model.hierarchy.node(placement);
  const target = cloud === 'aws' ? node.aws.path : node.azure.id;
  return account.ouPath === target ? {} : { moveTo: target };
}

/** The environment whose hierarchy branch holds a location (`within`: it and everything above it). */
function environmentOf(model: VendModel, cloud: Cloud, within: readonly string[]): string | undefined {
  const node = model.hierarchy.nodes.find((n) => n.role === 'environment' && within.includes(cloud === 'aws' ? n.aws.path : n.azure.id));
  return node?.environment;
}

/** `a/b/c` → `a/b/c`, `a/b`, `a`. */
function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/')).filter(Boolean);
}

/** `Sandbox (manual)` → `sandbox-manual`: an account name as a unit name (the mapping file overrides it). */
export function unitNameOf(accountName: string): string {
  const name = accountName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return name.length >= 3 ? name : `unit-${name}`.slice(0, 50);
}
