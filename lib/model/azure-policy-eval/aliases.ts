/**
 * Policy aliases: the name a policy rule uses for a resource property, mapped to where that property
 * sits in the request payload. The table is data (`policies/azure/aliases.json`) with a citation per
 * alias (a built-in definition or Microsoft document that uses it, or Get-AzPolicyAlias output);
 * an alias the table does not list is an error, so a rule cannot test a property nobody checked.
 * Aliases and their `[*]` array form: learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../package-paths';

export const aliasTableSchema = z.strictObject({
  $comment: z.string().optional(),
  aliases: z.array(
    z.strictObject({
      alias: z.string().regex(/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+?[/.][A-Za-z[\]*.]+$/),
      /** The resource type the alias applies to. */
      type: z.string(),
      /** Path in the request payload, dot separated, `[*]` for every array member. */
      path: z.string().regex(/^(properties|tags|sku|kind|identity|location)[A-Za-z0-9.[\]*]*$/),
      source: z.string().min(10),
    }),
  ),
});

export interface AliasEntry {
  readonly alias: string;
  readonly type: string;
  readonly path: string;
  readonly source: string;
}

/** Alias lookup, case-insensitive like the policy engine. */
export class AliasTable {
  private readonly byName = new Map<string, AliasEntry>();
  constructor(entries: readonly AliasEntry[]) {
    for (const e of entries) {
      const key = e.alias.toLowerCase();
      if (this.byName.has(key)) throw new Error(`alias ${e.alias} is listed twice`);
      this.byName.set(key, e);
    }
  }
  get(alias: string): AliasEntry | undefined {
    return this.byName.get(alias.toLowerCase());
  }
  get size(): number {
    return this.byName.size;
  }
  entries(): AliasEntry[] {
    return [...this.byName.values()];
  }
}

export const ALIAS_FILE = 'azure/aliases.json';

/** The alias table shipped with vend. */
export function loadAliasTable(policiesDir = path.join(packageRoot(), 'policies')): AliasTable {
  const file = path.join(policiesDir, ALIAS_FILE);
  const parsed = aliasTableSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return new AliasTable(parsed.data.aliases);
}
