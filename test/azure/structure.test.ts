/**
 * Structural checks of every synthesized cdk.tf.json, without Terraform: every resource type and
 * argument exists in the pinned azurerm provider (read from the provider package), every `${…}`
 * reference points at something that exists, every remote-state output read is published by the
 * stack it is read from, and every policy rule is valid Azure Policy JSON.
 */
import { AZAPI_SCHEMA } from '../../lib/azure/azapi';
import { ENTRA_SCHEMA } from '../../lib/azure/entra';
import { validatePolicyDefinition } from '../../lib/azure';
import { providerSchema, PROVIDER_VERSION, type BlockSchema } from './support/provider-schema';
import { bundledModel, synth, type Synthesized, type TfJson } from './support/synth';

const META = new Set(['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each']);

let out: Synthesized;
beforeAll(() => {
  out = synth(bundledModel());
});
afterAll(() => out?.cleanup());

/** Arguments used in `value` that `schema` does not know, as paths. */
function unknownArguments(value: Record<string, unknown>, schema: BlockSchema, at: string): string[] {
  const problems: string[] = [];
  for (const key of schema.required) if (value[key] === undefined) problems.push(`${at}: missing required ${key}`);
  for (const [key, v] of Object.entries(value)) {
    if (META.has(key)) continue;
    if (!schema.arguments.has(key)) {
      problems.push(`${at}.${key}`);
      continue;
    }
    const nested = schema.arguments.get(key);
    if (!nested) continue;
    for (const [i, item] of (Array.isArray(v) ? v : [v]).entries()) {
      if (item && typeof item === 'object') problems.push(...unknownArguments(item as Record<string, unknown>, nested, `${at}.${key}[${i}]`));
    }
  }
  return problems;
}

/** Every `${…}` expression in a value. */
function expressions(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)) found.push(m[1]);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return found;
}

const REFERENCE = /(?<![\w."])(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z][A-Za-z0-9_-]*)\.([a-z0-9_]+)((?:\[\d+\]|\["[^"]*"\]|\.[A-Za-z0-9_]+)*)/g;

function unresolved(stack: string, doc: TfJson, outputsOf: (stack: string) => Set<string>, remoteStacks: Map<string, string>): string[] {
  const problems: string[] = [];
  const body = { resource: doc.resource, data: doc.data, output: doc.output, provider: doc.provider };
  for (const expr of expressions(body)) {
    for (const m of expr.matchAll(REFERENCE)) {
      const [ref, data, type, name, attr, rest] = m;
      const block = data ? doc.data?.[type]?.[name] : doc.resource?.[type]?.[name];
      if (!block) {
        problems.push(`${stack}: \${${ref}} names no ${data ? 'data source' : 'resource'}`);
        continue;
      }
      if (data && type === 'terraform_remote_state') {
        const output = /^\.([a-z0-9_]+)/.exec(rest)?.[1];
        const source = remoteStacks.get(name);
        if (attr !== 'outputs' || !output || !source || !outputsOf(source).has(output)) {
          problems.push(`${stack}: \${${ref}} reads an output that stack ${source ?? '?'} does not publish`);
        }
        continue;
      }
      if (type.startsWith('azapi_')) {
        // azapi's `output` holds only what `response_export_values` lists.
        const exported = (block.response_export_values as string[] | undefined) ?? [];
        const path = rest.replace(/^\./, '');
        if (!(AZAPI_SCHEMA[type] ?? []).includes(attr)) problems.push(`${stack}: \${${ref}}: ${type} has no attribute ${attr}`);
        else if (attr === 'output' && !exported.includes(path)) problems.push(`${stack}: \${${ref}} reads ${path}, which ${type}.${name} does not export`);
        continue;
      }
      const readable = type.startsWith('azuread_') ? new Set(ENTRA_SCHEMA[type] ?? []) : providerSchema(type, data ? 'data' : 'resource')?.readable;
      const args = type.startsWith('azuread_') ? readable : new Set(providerSchema(type, data ? 'data' : 'resource')?.arguments.keys() ?? []);
      if (!readable?.has(attr) && !args?.has(attr)) problems.push(`${stack}: \${${ref}}: ${type} has no attribute ${attr}`);
      for (const seg of rest.matchAll(/\.([a-z0-9_]+)/g)) {
        if (!readable?.has(seg[1])) problems.push(`${stack}: \${${ref}}: ${type} has no nested attribute ${seg[1]}`);
      }
    }
  }
  for (const [type, blocks] of Object.entries(doc.resource ?? {})) {
    for (const [name, block] of Object.entries(blocks)) {
      for (const dep of (block.depends_on as string[] | undefined) ?? []) {
        const [depType, depName] = dep.split('.');
        if (!doc.resource?.[depType]?.[depName]) problems.push(`${stack}: ${type}.${name} depends on missing ${dep}`);
      }
    }
  }
  return problems;
}

describe('every synthesized stack', () => {
  test('pins the azurerm provider version the package was generated from', () => {
    for (const doc of out.json.values()) {
      expect((doc.terraform as { required_providers: Record<string, { version: string }> }).required_providers.azurerm.version).toBe(PROVIDER_VERSION);
    }
  });

  test('uses only resource types and arguments that exist in the pinned provider schema', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [stack, doc] of out.json) {
      for (const kind of ['resource', 'data'] as const) {
        for (const [type, blocks] of Object.entries(doc[kind] ?? {})) {
          if (type === 'terraform_remote_state') continue;
          if (type.startsWith('azuread_') || type.startsWith('azapi_')) {
            const known = type.startsWith('azapi_') ? AZAPI_SCHEMA[type] : ENTRA_SCHEMA[type];
            if (!known) problems.push(`${stack}: unknown ${type.split('_')[0]} type ${type}`);
            for (const [name, block] of Object.entries(blocks)) {
              for (const key of Object.keys(block)) if (!META.has(key) && !known?.includes(key)) problems.push(`${stack}: ${type}.${name}.${key}`);
            }
            continue;
          }
          const schema = providerSchema(type, kind);
          if (!schema) {
            problems.push(`${stack}: ${kind} type ${type} is not in azurerm ${PROVIDER_VERSION}`);
            continue;
          }
          for (const [name, block] of Object.entries(blocks)) {
            checked++;
            problems.push(...unknownArguments(block, schema, `${stack}: ${type}.${name}`));
          }
        }
      }
      for (const [name, configs] of Object.entries(doc.provider ?? {})) {
        if (name !== 'azurerm') continue;
        for (const config of configs) problems.push(...unknownArguments(config, providerSchema('azurerm', 'provider')!, `${stack}: provider.azurerm`));
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  });

  test('configures every azurerm provider with a features block (required at runtime by azurerm 4.x)', () => {
    for (const doc of out.json.values()) {
      for (const config of doc.provider!.azurerm) expect(Array.isArray(config.features)).toBe(true);
    }
  });

  test('references only resources, attributes and remote-state outputs that exist', () => {
    const outputsOf = (stack: string) => new Set(Object.keys(out.json.get(stack)?.output ?? {}));
    const problems: string[] = [];
    let references = 0;
    for (const [stack, doc] of out.json) {
      const remoteStacks = new Map<string, string>();
      for (const [name, ds] of Object.entries(doc.data?.terraform_remote_state ?? {})) {
        const path = (ds as { config: { path?: string; key?: string } }).config.path ?? '';
        remoteStacks.set(name, /([^/]+)\.tfstate$/.exec(path)?.[1] ?? '');
      }
      references += expressions(doc).length;
      problems.push(...unresolved(stack, doc, outputsOf, remoteStacks));
    }
    expect(references).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  test('the reference check catches a dangling reference', () => {
    const doc: TfJson = JSON.parse(out.text.get('space-we-shared-dev')!);
    const [name, vault] = Object.entries(doc.resource!.azurerm_key_vault)[0];
    delete doc.resource!.azurerm_key_vault[name];
    expect(vault).toBeDefined();
    const problems = unresolved('space-we-shared-dev', doc, () => new Set(), new Map());
    expect(problems.some((p) => p.includes(`azurerm_key_vault.${name}`))).toBe(true);
  });

  test('the schema check catches a misspelt argument and a missing required one', () => {
    const schema = providerSchema('azurerm_key_vault', 'resource')!;
    expect([...schema.required].sort()).toEqual(['location', 'name', 'resource_group_name', 'sku_name', 'tenant_id']);
    const base = { location: 'westeurope', name: 'kv', resource_group_name: 'rg', sku_name: 'premium', tenant_id: 't' };
    const acls = { bypass: 'AzureServices', default_action: 'Deny' };
    expect(unknownArguments({ ...base, purge_protection_enabled: true, network_acls: acls }, schema, 'kv')).toEqual([]);
    expect(unknownArguments({ ...base, purge_protection: true, network_acls: { bypass: 'AzureServices', defaultAction: 'Deny' } }, schema, 'kv')).toEqual([
      'kv.purge_protection',
      'kv.network_acls[0]: missing required default_action',
      'kv.network_acls[0].defaultAction',
    ]);
    expect(unknownArguments({ ...base, tenant_id: undefined }, schema, 'kv')).toEqual(['kv: missing required tenant_id']);
    expect(providerSchema('azurerm', 'provider')!.arguments.get('features')).toBeTruthy();
  });
});

describe('policy definitions in the tenant stack', () => {
  test('every policy rule is valid Azure Policy JSON', () => {
    const tenant = out.json.get('vend-azure-tenant')!;
    const definitions = Object.values(tenant.resource!.azurerm_policy_definition) as Array<Record<string, string>>;
    expect(definitions.length).toBeGreaterThanOrEqual(12);
    for (const def of definitions) {
      const properties = {
        displayName: def.display_name,
        mode: def.mode,
        parameters: JSON.parse(def.parameters),
        policyRule: JSON.parse(def.policy_rule),
      };
      expect({ name: def.name, findings: validatePolicyDefinition({ name: def.name, properties }) }).toEqual({ name: def.name, findings: [] });
    }
  });

  test('every initiative passes only parameters its definitions declare', () => {
    const tenant = out.json.get('vend-azure-tenant')!;
    const byId = new Map(Object.entries(tenant.resource!.azurerm_policy_definition).map(([name, def]) => [`\${azurerm_policy_definition.${name}.id}`, def as Record<string, string>]));
    const sets = Object.values(tenant.resource!.azurerm_management_group_policy_set_definition) as Array<Record<string, unknown>>;
    for (const set of sets) {
      const declared = set.parameters ? Object.keys(JSON.parse(set.parameters as string)) : [];
      for (const ref of set.policy_definition_reference as Array<Record<string, string>>) {
        const def = byId.get(ref.policy_definition_id);
        expect(def).toBeDefined();
        const accepts = Object.keys(JSON.parse(def!.parameters));
        for (const [name, v] of Object.entries(JSON.parse(ref.parameter_values) as Record<string, { value: unknown }>)) {
          expect(accepts).toContain(name);
          const used = /^\[parameters\('([^']+)'\)\]$/.exec(String(v.value));
          if (used) expect(declared).toContain(used[1]);
        }
      }
    }
  });
});
