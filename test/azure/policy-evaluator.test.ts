/**
 * The Azure Policy evaluator against Microsoft's own documented examples. Each block names the
 * page (MicrosoftDocs/azure-docs, articles/governance/policy/...) whose example resource, rule and
 * stated result it reproduces.
 */
import { azurePolicyEval } from '../../lib/model';

const { AliasTable, evaluatePolicy, policyRequest, selectField, fieldFunction, loadAliasTable } = azurePolicyEval;
type Json = azurePolicyEval.Json;

const SUB = '11111111-1111-4111-8111-111111111111';

/** A rule with effect deny, evaluated against a request: did it match? */
function matches(aliases: azurePolicyEval.AliasTable, condition: unknown, resource: Partial<azurePolicyEval.RequestInput> & { type: string }, parameters: Record<string, Json> = {}): boolean {
  const request = policyRequest({ name: 'r1', subscriptionId: SUB, resourceGroup: 'rg1', ...resource });
  const declared = Object.fromEntries(Object.keys(parameters).map((k) => [k, {}]));
  return evaluatePolicy({ definition: { parameters: declared, policyRule: { if: condition, then: { effect: 'deny' } } }, parameters, request, aliases }).matched;
}

describe('how-to/author-policies-for-arrays.md', () => {
  // The page's example resource content and the `Microsoft.Test/resourceType` aliases it uses.
  const source = 'author-policies-for-arrays.md, "Referencing array resource properties"';
  const aliases = new AliasTable(
    ['missingArray', 'missingArray[*]', 'missingArray[*].property', 'stringArray', 'stringArray[*]', 'objectArray[*]', 'objectArray[*].property', 'objectArray[*].nestedArray', 'objectArray[*].nestedArray[*]'].map((p) => ({
      alias: `Microsoft.Test/resourceType/${p}`,
      type: 'Microsoft.Test/resourceType',
      path: `properties.${p}`,
      source,
    })),
  );
  const content = {
    type: 'Microsoft.Test/resourceType',
    tags: { env: 'prod' },
    properties: {
      stringArray: ['a', 'b', 'c'],
      objectArray: [
        { property: 'value1', nestedArray: [1, 2] },
        { property: 'value2', nestedArray: [3, 4] },
      ],
    },
  };
  const request = policyRequest({ name: 'r1', subscriptionId: SUB, ...content });
  const alias = (p: string) => `Microsoft.Test/resourceType/${p}`;

  test.each([
    ['missingArray', { kind: 'value', value: undefined }],
    ['missingArray[*]', { kind: 'collection', values: [] }],
    ['missingArray[*].property', { kind: 'collection', values: [] }],
    ['stringArray', { kind: 'value', value: ['a', 'b', 'c'] }],
    ['stringArray[*]', { kind: 'collection', values: ['a', 'b', 'c'] }],
    ['objectArray[*].property', { kind: 'collection', values: ['value1', 'value2'] }],
    ['objectArray[*].nestedArray', { kind: 'collection', values: [[1, 2], [3, 4]] }],
    ['objectArray[*].nestedArray[*]', { kind: 'collection', values: [1, 2, 3, 4] }],
  ])('the field condition selects what the table lists for %s', (path, expected) => {
    expect(selectField(alias(path), request, aliases, [])).toEqual(expected);
  });

  test.each([
    ['missingArray', ''],
    ['missingArray[*]', []],
    ['missingArray[*].property', []],
    ['stringArray', ['a', 'b', 'c']],
    ['stringArray[*]', ['a', 'b', 'c']],
    ['objectArray[*].property', ['value1', 'value2']],
    ['objectArray[*].nestedArray', [[1, 2], [3, 4]]],
    ['objectArray[*].nestedArray[*]', [1, 2, 3, 4]],
  ])('field(%s) returns what the table lists', (path, expected) => {
    expect(fieldFunction(alias(path), request, aliases, [])).toEqual(expected);
  });

  test('a [*] field condition is true only if all members meet it', () => {
    expect(matches(aliases, { field: alias('stringArray[*]'), equals: 'a' }, content)).toBe(false);
    expect(matches(aliases, { field: alias('stringArray[*]'), in: ['a', 'b', 'c'] }, content)).toBe(true);
  });

  test.each([
    ['count of stringArray equals 3', { count: { field: alias('stringArray[*]') }, equals: 3 }, true],
    ['count of nestedArray members is at least 4', { count: { field: alias('objectArray[*].nestedArray[*]') }, greaterOrEquals: 4 }, true],
    ['count where stringArray[*] equals "a" is 1', { count: { field: alias('stringArray[*]'), where: { field: alias('stringArray[*]'), equals: 'a' } }, equals: 1 }, true],
    [
      'count where property is value2 and a nested member is over 2 is 1',
      { count: { field: alias('objectArray[*]'), where: { allOf: [{ field: alias('objectArray[*].property'), equals: 'value2' }, { field: alias('objectArray[*].nestedArray[*]'), greater: 2 }] } }, equals: 1 },
      true,
    ],
    ['a where condition may read fields outside the array (both members)', { count: { field: alias('objectArray[*]'), where: { field: 'tags.env', equals: 'prod' } }, equals: 2 }, true],
    [
      'nested counts: only value2 has a nested member equal to 3',
      {
        count: {
          field: alias('objectArray[*]'),
          where: { allOf: [{ field: alias('objectArray[*].property'), equals: 'value2' }, { count: { field: alias('objectArray[*].nestedArray[*]'), where: { field: alias('objectArray[*].nestedArray[*]'), equals: 3 } }, greater: 0 }] },
        },
        equals: 1,
      },
      true,
    ],
    [
      'field() of the counted member inside where is a one-member array, so equals never holds',
      { count: { field: alias('stringArray[*]'), where: { field: alias('stringArray[*]'), equals: `[field('${alias('stringArray[*]')}')]` } }, equals: 0 },
      true,
    ],
    [
      'first(field()) of the counted member is the member itself',
      { count: { field: alias('stringArray[*]'), where: { field: alias('stringArray[*]'), equals: `[first(field('${alias('stringArray[*]')}'))]` } }, equals: 3 },
      true,
    ],
  ])('%s', (_name, condition, expected) => {
    expect(matches(aliases, condition, content)).toBe(expected);
  });

  test('an array parameter works with in and notIn (the allowedLocations example)', () => {
    const rule = { not: { field: 'location', in: "[parameters('allowedLocations')]" } };
    const allowed = { allowedLocations: ['eastus2', 'eastus', 'westus2'] };
    expect(matches(aliases, rule, { type: 'Microsoft.Test/resourceType', location: 'westus2' }, allowed)).toBe(false);
    expect(matches(aliases, rule, { type: 'Microsoft.Test/resourceType', location: 'westeurope' }, allowed)).toBe(true);
  });
});

describe('concepts/definition-structure-policy-rule.md', () => {
  const source = 'definition-structure-policy-rule.md, "Field count examples"';
  const nsg = (p: string) => `Microsoft.Network/networkSecurityGroups/securityRules[*]${p}`;
  const aliases = new AliasTable([
    { alias: nsg(''), type: 'Microsoft.Network/networkSecurityGroups', path: 'properties.securityRules[*]', source },
    ...['description', 'direction', 'access', 'destinationPortRange'].map((p) => ({ alias: nsg(`.${p}`), type: 'Microsoft.Network/networkSecurityGroups', path: `properties.securityRules[*].properties.${p}`, source })),
  ]);
  const group = (...rules: Array<Record<string, string>>) => ({ type: 'Microsoft.Network/networkSecurityGroups', properties: { securityRules: rules.map((properties, i) => ({ name: `r${i}`, properties })) } });
  const rdp = { description: 'My common description', direction: 'Inbound', access: 'Allow', destinationPortRange: '3389' };
  const ssh = { description: 'My unique description', direction: 'Inbound', access: 'Deny', destinationPortRange: '22' };

  test('example 1: an empty array', () => {
    const rule = { count: { field: nsg('') }, equals: 0 };
    expect(matches(aliases, rule, group())).toBe(true);
    expect(matches(aliases, rule, group(rdp))).toBe(false);
  });

  test('example 2: exactly one member meets the condition', () => {
    const rule = { count: { field: nsg(''), where: { field: nsg('.description'), equals: 'My unique description' } }, equals: 1 };
    expect(matches(aliases, rule, group(rdp, ssh))).toBe(true);
    expect(matches(aliases, rule, group(rdp, ssh, ssh))).toBe(false);
  });

  test('example 3: at least one member', () => {
    const rule = { count: { field: nsg(''), where: { field: nsg('.description'), equals: 'My common description' } }, greaterOrEquals: 1 };
    expect(matches(aliases, rule, group(ssh, rdp))).toBe(true);
    expect(matches(aliases, rule, group(ssh))).toBe(false);
  });

  test('example 4: all members, against length(field(...))', () => {
    const rule = { count: { field: nsg(''), where: { field: nsg('.description'), equals: 'description' } }, equals: `[length(field('${nsg('')}'))]` };
    const d = { ...rdp, description: 'description' };
    expect(matches(aliases, rule, group(d, d))).toBe(true);
    expect(matches(aliases, rule, group(d, rdp))).toBe(false);
  });

  test('example 5: one member matching several properties (inbound RDP allowed)', () => {
    const rule = {
      count: { field: nsg(''), where: { allOf: [{ field: nsg('.direction'), equals: 'Inbound' }, { field: nsg('.access'), equals: 'Allow' }, { field: nsg('.destinationPortRange'), equals: '3389' }] } },
      greater: 0,
    };
    expect(matches(aliases, rule, group(ssh, rdp))).toBe(true);
    expect(matches(aliases, rule, group(ssh, { ...rdp, access: 'Deny' }))).toBe(false);
  });

  test.each([
    ['value count example 1: the name matches a listed pattern', { count: { value: ['prefix1_*', 'prefix2_*'], name: 'pattern', where: { field: 'name', like: "[current('pattern')]" } }, greater: 0 }],
    ['value count example 2: current() without an index name', { count: { value: ['prefix1_*', 'prefix2_*'], where: { field: 'name', like: '[current()]' } }, greater: 0 }],
  ])('%s', (_name, rule) => {
    expect(matches(aliases, rule, { type: 'Microsoft.Network/networkSecurityGroups', name: 'prefix2_web' })).toBe(true);
    expect(matches(aliases, rule, { type: 'Microsoft.Network/networkSecurityGroups', name: 'other_web' })).toBe(false);
  });

  test('value count example 3: patterns from an array parameter', () => {
    const rule = { count: { value: "[parameters('namePatterns')]", name: 'pattern', where: { field: 'name', like: "[current('pattern')]" } }, greater: 0 };
    expect(matches(aliases, rule, { type: 'Microsoft.Network/networkSecurityGroups', name: 'prefix1_a' }, { namePatterns: ['prefix1_*'] })).toBe(true);
  });

  test('value example: resourceGroup().name like *netrg and a type outside Microsoft.Network', () => {
    const rule = { allOf: [{ value: '[resourceGroup().name]', like: '*netrg' }, { field: 'type', notLike: 'Microsoft.Network/*' }] };
    expect(matches(aliases, rule, { type: 'Microsoft.Storage/storageAccounts', resourceGroup: 'corp-netrg' })).toBe(true);
    expect(matches(aliases, rule, { type: 'Microsoft.Network/networkSecurityGroups', resourceGroup: 'corp-netrg' })).toBe(false);
    expect(matches(aliases, rule, { type: 'Microsoft.Storage/storageAccounts', resourceGroup: 'apps' })).toBe(false);
  });

  test('logical operators: not(tags containsKey application) and a storage account', () => {
    const rule = { allOf: [{ not: { field: 'tags', containsKey: 'application' } }, { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }] };
    expect(matches(aliases, rule, { type: 'Microsoft.Storage/storageAccounts', tags: { Application: 'x' } })).toBe(false);
    expect(matches(aliases, rule, { type: 'Microsoft.Storage/storageAccounts', tags: { team: 'x' } })).toBe(true);
  });

  test('policy function example: the name starts with the resource group name', () => {
    const rule = { not: { field: 'name', like: "[concat(resourceGroup().name,'*')]" } };
    expect(matches(aliases, rule, { type: 'Microsoft.Storage/storageAccounts', name: 'rg1data', resourceGroup: 'rg1' })).toBe(false);
    expect(matches(aliases, rule, { type: 'Microsoft.Storage/storageAccounts', name: 'data', resourceGroup: 'rg1' })).toBe(true);
  });

  test('conditions: string comparisons ignore case except match; like takes one wildcard; match uses # ? .', () => {
    const t = { type: 'Microsoft.Storage/storageAccounts', name: 'Data1' };
    expect(matches(aliases, { field: 'name', equals: 'data1' }, t)).toBe(true);
    expect(matches(aliases, { field: 'name', match: '?ata#' }, t)).toBe(true);
    expect(matches(aliases, { field: 'name', match: 'data#' }, t)).toBe(false);
    expect(matches(aliases, { field: 'name', matchInsensitively: 'data#' }, t)).toBe(true);
    expect(() => matches(aliases, { field: 'name', like: '*a*' }, t)).toThrow(/more than one wildcard/);
    expect(() => matches(aliases, { field: 'name', less: 3 }, t)).toThrow(/compares values of one type/);
  });

  test('tags fields: tags[\'name\'], tags.name and tags[name]', () => {
    const t = { type: 'Microsoft.Storage/storageAccounts', tags: { 'Acct.CostCenter': '42', env: 'prod' } };
    expect(matches(aliases, { field: "tags['Acct.CostCenter']", equals: '42' }, t)).toBe(true);
    expect(matches(aliases, { field: 'tags.env', equals: 'prod' }, t)).toBe(true);
    expect(matches(aliases, { field: 'tags[env]', exists: 'true' }, t)).toBe(true);
    expect(matches(aliases, { field: "tags['missing']", exists: 'false' }, t)).toBe(true);
  });
});

describe('concepts/effect-deny.md, effect-deny-action.md, effect-deploy-if-not-exists.md', () => {
  const aliases = loadAliasTable();
  const storage = { type: 'Microsoft.Storage/storageAccounts', name: 'st1', subscriptionId: SUB, resourceGroup: 'rg1' };
  const rule = (effect: string, details?: unknown) => ({ if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect, details } });

  test('deny acts on create and update, never on delete', () => {
    expect(evaluatePolicy({ definition: { policyRule: rule('deny') }, request: policyRequest(storage), aliases }).outcome).toBe('Deny');
    expect(evaluatePolicy({ definition: { policyRule: rule('deny') }, request: policyRequest({ ...storage, operation: 'DELETE' }), aliases }).outcome).toBe('None');
  });

  test('denyAction blocks only the delete it names', () => {
    const definition = { policyRule: rule('denyAction', { actionNames: ['delete'] }) };
    expect(evaluatePolicy({ definition, request: policyRequest({ ...storage, operation: 'DELETE' }), aliases }).outcome).toBe('DenyAction');
    expect(evaluatePolicy({ definition, request: policyRequest(storage), aliases }).outcome).toBe('None');
  });

  test('deployIfNotExists is compliant when a related resource meets the existence condition', () => {
    const definition = {
      policyRule: rule('deployIfNotExists', {
        type: 'Microsoft.Insights/diagnosticSettings',
        existenceCondition: { field: 'Microsoft.Insights/diagnosticSettings/workspaceId', equals: '/ws/central' },
        roleDefinitionIds: [],
      }),
    };
    const related = (workspaceId: string) => [{ type: 'Microsoft.Insights/diagnosticSettings', name: 'vend', subscriptionId: SUB, properties: { workspaceId } }];
    expect(evaluatePolicy({ definition, request: policyRequest(storage), aliases, related: related('/ws/central') }).outcome).toBe('None');
    expect(evaluatePolicy({ definition, request: policyRequest(storage), aliases, related: related('/ws/other') }).outcome).toBe('DeployIfNotExists');
    expect(evaluatePolicy({ definition, request: policyRequest(storage), aliases }).outcome).toBe('DeployIfNotExists');
  });

  test('disabled does nothing, and an effect parameter takes its assigned value over its default', () => {
    const definition = {
      parameters: { effect: { defaultValue: 'Deny' } },
      policyRule: { if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect: "[parameters('effect')]" } },
    };
    expect(evaluatePolicy({ definition, request: policyRequest(storage), aliases }).outcome).toBe('Deny');
    expect(evaluatePolicy({ definition, parameters: { effect: 'Disabled' }, request: policyRequest(storage), aliases }).outcome).toBe('None');
  });
});

describe('the alias table', () => {
  const aliases = loadAliasTable();

  test('an alias the table does not list is an error, not a silent miss', () => {
    const request = policyRequest({ type: 'Microsoft.Storage/storageAccounts', name: 'st1', subscriptionId: SUB });
    expect(() => selectField('Microsoft.Storage/storageAccounts/notARealAlias', request, aliases, [])).toThrow(/unknown alias 'Microsoft\.Storage\/storageAccounts\/notARealAlias'/);
  });

  test('every alias names its source and applies to one resource type', () => {
    expect(aliases.size).toBeGreaterThan(20);
    for (const entry of aliases.entries()) {
      expect(entry.source.length).toBeGreaterThan(20);
      expect(entry.alias.toLowerCase().startsWith(entry.type.toLowerCase() + '/')).toBe(true);
    }
  });

  test('an alias of another resource type selects nothing', () => {
    const request = policyRequest({ type: 'Microsoft.KeyVault/vaults', name: 'kv', subscriptionId: SUB, properties: { supportsHttpsTrafficOnly: false } });
    expect(selectField('Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly', request, aliases, [])).toEqual({ kind: 'value', value: undefined });
  });
});
