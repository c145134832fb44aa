/**
 * Field resolution: what a `field` condition or `field()` call selects from the request. Built-in
 * fields (`name`, `fullName`, `type`, `kind`, `location`, `id`, `identity.type`, `tags`,
 * `tags['x']`, `tags.x`) and aliases, including `[*]` aliases, which select a collection of values
 * (learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#fields and
 * how-to/author-policies-for-arrays#referencing-array-resource-properties).
 */
import type { AliasEntry, AliasTable } from './aliases';
import type { Json } from './expression';
import type { PolicyRequest } from './request';

/** A single value (`undefined` when absent), or the collection a `[*]` alias selects. */
export type Selected = { readonly kind: 'value'; readonly value: Json | undefined } | { readonly kind: 'collection'; readonly values: readonly (Json | undefined)[] };

/** A `count` in progress: inside its `where`, the counted alias selects only `member`. */
export interface CountBinding {
  readonly entry: AliasEntry;
  readonly member: Json | undefined;
}

export function selectField(field: string, request: PolicyRequest, aliases: AliasTable, bindings: readonly CountBinding[]): Selected {
  const builtIn = builtInField(field, request);
  if (builtIn !== NOT_BUILT_IN) return { kind: 'value', value: builtIn };
  const entry = aliases.get(field);
  if (!entry) throw new Error(`unknown alias '${field}': add it to policies/azure/aliases.json with the source that documents it`);
  if (entry.type.toLowerCase() !== request.type.toLowerCase()) return entry.path.includes('[*]') ? { kind: 'collection', values: [] } : { kind: 'value', value: undefined };
  const binding = [...bindings].reverse().find((b) => entry.path.toLowerCase().startsWith(b.entry.path.toLowerCase()));
  const [root, rest] = binding ? [binding.member, entry.path.slice(binding.entry.path.length)] : [request.body as Json, entry.path];
  const values = walk(root, segments(rest));
  // A `[*]` alias always selects a collection; inside a count over it, the one current member.
  if (entry.path.includes('[*]')) return { kind: 'collection', values };
  return { kind: 'value', value: values[0] };
}

/** The value `field('x')` returns: arrays for `[*]` aliases, `""` for an absent single value. */
export function fieldFunction(field: string, request: PolicyRequest, aliases: AliasTable, bindings: readonly CountBinding[]): Json {
  const selected = selectField(field, request, aliases, bindings);
  if (selected.kind === 'collection') return selected.values.map((v) => (v === undefined ? null : v));
  return selected.value === undefined ? '' : selected.value;
}

const NOT_BUILT_IN = Symbol('not built in');

function builtInField(field: string, request: PolicyRequest): Json | undefined | typeof NOT_BUILT_IN {
  const lower = field.toLowerCase();
  switch (lower) {
    case 'name':
      return request.name.split('/').pop()!;
    case 'fullname':
      return request.name;
    case 'type':
      return request.type;
    case 'kind':
      return request.body.kind;
    case 'location':
      return request.body.location;
    case 'id':
      return request.id;
    case 'identity.type':
      return (request.body.identity as { type?: string } | undefined)?.type;
    case 'tags':
      return request.body.tags ?? {};
  }
  const tag = /^tags(?:\['((?:[^']|'')+)'\]|\[([^\]]+)\]|\.(.+))$/i.exec(field);
  if (!tag) return NOT_BUILT_IN;
  const name = (tag[1]?.replace(/''/g, "'") ?? tag[2] ?? tag[3]).toLowerCase();
  const tags = (request.body.tags ?? {}) as Record<string, Json>;
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : tags[key];
}

function segments(pathText: string): string[] {
  return pathText
    .replace(/\[\*\]/g, '.[*]')
    .split('.')
    .filter(Boolean);
}

/** Every value at `path` below `root`; `[*]` fans out over array members. */
function walk(root: Json | undefined, path: readonly string[]): (Json | undefined)[] {
  if (!path.length) return [root];
  const [head, ...rest] = path;
  if (head === '[*]') return Array.isArray(root) ? root.flatMap((m) => walk(m, rest)) : [];
  if (root === null || root === undefined || typeof root !== 'object' || Array.isArray(root)) return path.includes('[*]') ? [] : [undefined];
  const key = Object.keys(root).find((k) => k.toLowerCase() === head.toLowerCase());
  return walk(key === undefined ? undefined : root[key], rest);
}
