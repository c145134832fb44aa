/**
 * The pinned azurerm provider's schema, read from the provider package itself: each resource's
 * compiled class (`@cdktf/provider-azurerm/lib/<resource>/index.js`) lists every argument it can
 * synthesize (`synthesizeAttributes`, and the `…ToTerraform` function of each nested block) and
 * every attribute it can read (`get…Attribute('name')`). Generated from the provider's own schema,
 * so an attribute that is not here does not exist in azurerm 4.x as pinned.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface BlockSchema {
  /** Argument name → nested block schema, or null for a plain attribute. */
  readonly arguments: ReadonlyMap<string, BlockSchema | null>;
  /** Arguments the provider requires (non-optional in the generated type declarations). */
  readonly required: ReadonlySet<string>;
}

export interface ResourceSchema extends BlockSchema {
  readonly type: string;
  /** Every attribute name readable from the resource or its nested blocks (computed ones included). */
  readonly readable: ReadonlySet<string>;
}

const LIB = path.dirname(path.dirname(require.resolve('@cdktf/provider-azurerm/lib/provider')));
export const PROVIDER_VERSION: string = JSON.parse(readFileSync(path.join(LIB, '..', 'package.json'), 'utf8')).cdktf.provider.version;

const cache = new Map<string, ResourceSchema | undefined>();

/** `azurerm_key_vault` → lib/key-vault; data sources → lib/data-azurerm-…; `azurerm` → the provider block. */
export function providerSchema(type: string, kind: 'resource' | 'data' | 'provider'): ResourceSchema | undefined {
  const key = `${kind}:${type}`;
  if (cache.has(key)) return cache.get(key);
  const dir = kind === 'provider' ? 'provider' : kind === 'data' ? `data-${type.replace(/_/g, '-')}` : type.replace(/^azurerm_/, '').replace(/_/g, '-');
  const file = path.join(LIB, dir, 'index.js');
  let schema: ResourceSchema | undefined;
  if (existsSync(file)) {
    const js = readFileSync(file, 'utf8');
    const dts = readFileSync(file.replace(/\.js$/, '.d.ts'), 'utf8');
    const declared = /\.tfResourceType = "([^"]+)"/.exec(js)?.[1];
    if (declared === (kind === 'provider' ? 'azurerm' : type)) {
      const body = blockBody(js, /synthesizeAttributes\(\) \{\s*const attrs = \{|synthesizeAttributes\(\) \{\s*return \{/);
      const readable = new Set<string>([...js.matchAll(/(?:get\w*Attribute|interpolationForAttribute)\('([a-z0-9_]+)'\)/g)].map((m) => m[1]));
      const configInterface = /export interface (\w+Config)(?: extends cdktf\.TerraformMetaArguments)? \{/.exec(dts)?.[1];
      schema = { type, arguments: parseBlock(js, dts, body, new Set()), required: requiredOf(dts, configInterface), readable };
    }
  }
  cache.set(key, schema);
  return schema;
}

function parseBlock(js: string, dts: string, body: string, seen: Set<string>): Map<string, BlockSchema | null> {
  const args = new Map<string, BlockSchema | null>();
  for (const m of body.matchAll(/^\s*([a-z0-9_]+): (.*)$/gm)) {
    const nested = /\b([a-z]\w*ToTerraform)\b/.exec(m[2].replace(/cdktf\.\w+ToTerraform/g, ''));
    if (nested && !seen.has(nested[1])) {
      const fn = blockBody(js, new RegExp(`function ${nested[1]}\\(struct\\) \\{[\\s\\S]*?return \\{`));
      const structInterface = nested[1][0].toUpperCase() + nested[1].slice(1).replace(/ToTerraform$/, '');
      args.set(m[1], { arguments: parseBlock(js, dts, fn, new Set([...seen, nested[1]])), required: requiredOf(dts, structInterface) });
    } else {
      args.set(m[1], null);
    }
  }
  return args;
}

/** The text of the object literal that starts right after `start` (up to its closing brace). */
function blockBody(js: string, start: RegExp): string {
  const m = start.exec(js);
  if (!m) return '';
  let depth = 1;
  let i = m.index + m[0].length;
  const from = i;
  for (; i < js.length && depth > 0; i++) {
    if (js[i] === '{') depth++;
    else if (js[i] === '}') depth--;
  }
  return js.slice(from, i - 1);
}

/** Terraform names of the non-optional properties of a generated interface (from its doc links). */
function requiredOf(dts: string, interfaceName: string | undefined): Set<string> {
  const required = new Set<string>();
  if (!interfaceName) return required;
  const body = blockBody(dts, new RegExp(`export interface ${interfaceName}(?: extends [\\w.]+)? \\{`));
  for (const m of body.matchAll(/#([a-z0-9_]+) \w+#[a-z0-9_]+\}\s*\*\/\s*readonly \w+(\?)?:/g)) {
    if (!m[2]) required.add(m[1]);
  }
  return required;
}
