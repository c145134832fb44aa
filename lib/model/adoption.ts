/**
 * Bringing an existing organization under vend (as org-formation `init` does): for every live AWS
 * account no unit claims, a unit file that names it (`adopted: { id, email }`, so nothing is
 * created again) and the tags and move that make it managed. Names and kinds come from a mapping
 * file where given, else from the account: its name made a unit name, its environment from the OU
 * it sits in (the least sensitive environment otherwise), kind Space. An untagged account that
 * already uses a unit's e-mail only needs the tag.
 *
 * Adopted accounts are never declared in CloudFormation (lib/aws/accounts/accounts-stack.ts), so
 * adoption also keeps them placed: an already adopted unit whose account has lost a `vend:*` tag or
 * sits outside the OU of the unit's placement (a changed environment, or Quarantine once the unit
 * is decommissioned) is tagged and moved again.
 */
import { z } from 'zod';
import type { Catalog } from './catalog';
import { compareStrings } from './compare';
import type { Diagnostic } from './diagnostic';
import { hasErrors } from './diagnostic';
import type { VendModel } from './model';
import type { AwsInventory, InventoryAccount } from './inventory';
import { TAG_ENVIRONMENT, TAG_KIND, TAG_OWNERS, TAG_UNIT } from './naming';
import { newUnit } from './new-unit';
import { accessEntrySchema, API_VERSION, type UnitSpec } from './schema';
import { CLOSED_ACCOUNT_STATES } from './guardrails';

export const adoptionMapSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('AdoptionMap'),
  accounts: z.array(
    z.strictObject({
      id: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
      name: z.string().optional(),
      kind: z.enum(['Space', 'PoP']).optional(),
      environment: z.string().optional(),
      region: z.string().optional(),
      owners: z.array(z.string()).min(1).optional(),
      pop: z.string().optional(),
      cidr: z.string().optional(),
      access: z.array(accessEntrySchema).optional(),
      skip: z.boolean().optional().describe('Leave this account alone.'),
    }),
  ),
});
export type AdoptionMap = z.infer<typeof adoptionMapSchema>;

export interface AdoptedAccount {
  readonly account: Pick<InventoryAccount, 'id' | 'name' | 'email' | 'ouPath'>;
  readonly unit: string;
  /** The unit file to write; absent when a unit already names the account by its e-mail. */
  readonly file?: { readonly path: string; readonly content: string };
  readonly tags: Readonly<Record<string, string>>;
  /** OU path to move the account to, when it is elsewhere. */
  readonly moveTo?: string;
}

export interface Adoption {
  readonly accounts: readonly AdoptedAccount[];
  readonly diagnostics: readonly Diagnostic[];
}

export function planAdoption(model: VendModel, aws: AwsInventory, unitsDir: string, map?: AdoptionMap): Adoption {
  const catalog = model.catalog;
  const org = catalog.organization.spec;
  const management = new Set([org.aws?.managementAccountId, aws.managementAccountId].filter(Boolean));
  const units = new Set(model.units.map((u) => u.name));
  const byIdentity = new Map(model.units.filter((u) => u.cloud === 'aws').map((u) => [u.identity.toLowerCase(), u]));
  const entries = new Map((map?.accounts ?? []).map((a) => [a.id, a]));
  const out: AdoptedAccount[] = [];
  const diagnostics: Diagnostic[] = [];
  let joined: Catalog = catalog;
  const candidates = aws.accounts
    .filter((a) => !management.has(a.id) && !CLOSED_ACCOUNT_STATES.has(a.status) && !units.has(a.tags[TAG_UNIT] ?? ''))
    .sort((a, b) => compareStrings(a.id, b.id));
  for (const account of candidates) {
    const entry = entries.get(account.id);
    if (entry?.skip) continue;
    const claimed = byIdentity.get(account.email.toLowerCase());
    if (claimed) {
      out.push({ account, unit: claimed.name, tags: vendTags(claimed.name, claimed.kind, claimed.environment, claimed.owners), ...move(model, account, claimed.placement) });
      continue;
    }
    const environment = entry?.environment ?? environmentOf(model, account.ouPath) ?? org.environments[0];
    const name = entry?.name ?? unitNameOf(account.name);
    const result = newUnit(
      joined,
      {
        kind: entry?.kind ?? 'Space',
        name,
        cloud: 'aws',
        environment,
        region: entry?.region,
        owners: entry?.owners ?? [account.email],
        pop: entry?.pop,
        cidr: entry?.cidr,
        access: entry?.access,
        adopted: { id: account.id, email: account.email },
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
      account,
      unit: name,
      file: { path: result.file, content: result.content },
      tags: vendTags(name, spec.kind, spec.environment, spec.owners),
      ...move(model, account, `${spec.environment}/${spec.kind}`),
    });
  }
  out.push(...replaceAdopted(model, aws));
  return { accounts: out, diagnostics };
}

/** Adopted units whose accounts need their tags or their OU again. */
function replaceAdopted(model: VendModel, aws: AwsInventory): AdoptedAccount[] {
  const byId = new Map(aws.accounts.map((a) => [a.id, a]));
  const out: AdoptedAccount[] = [];
  for (const unit of model.units.filter((u) => u.cloud === 'aws' && u.adopted)) {
    const account = byId.get(unit.adopted!.id);
    if (!account || CLOSED_ACCOUNT_STATES.has(account.status)) continue;
    const tags = vendTags(unit.name, unit.kind, unit.environment, unit.owners);
    const placed = move(model, account, unit.placement);
    const tagged = Object.entries(tags).every(([k, v]) => account.tags[k] === v);
    if (tagged && !placed.moveTo) continue;
    out.push({ account, unit: unit.name, tags, ...placed });
  }
  return out;
}

/** The `vend:*` tags that make an account a unit's (not `vend:baseline`: the baseline is not deployed yet). */
function vendTags(unit: string, kind: string, environment: string, owners: readonly string[]): Record<string, string> {
  return { [TAG_UNIT]: unit, [TAG_KIND]: kind, [TAG_ENVIRONMENT]: environment, [TAG_OWNERS]: owners.join(' ') };
}

function move(model: VendModel, account: Pick<InventoryAccount, 'ouPath'>, placement: string): { moveTo?: string } {
  const target = model.hierarchy.node(placement).aws.path;
  return account.ouPath === target ? {} : { moveTo: target };
}

/** The environment whose hierarchy branch holds `ouPath`, if any. */
function environmentOf(model: VendModel, ouPath: string): string | undefined {
  const node = model.hierarchy.nodes.find((n) => n.role === 'environment' && (ouPath === n.aws.path || ouPath.startsWith(`${n.aws.path}/`)));
  return node?.environment;
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
