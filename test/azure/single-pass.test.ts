/**
 * The synth speed-up must not change a byte: SinglePassStack (one resolution pass, vend's own walk
 * over plain data) against CDKTF's own TerraformStack.toTerraform (prepare pass, three resolution
 * passes, CDKTF's resolver), run on the same stack objects. If CDKTF or a construct changes in a way
 * the fast path does not reproduce, this fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import {
  App,
  DefaultTokenResolver,
  Fn,
  Lazy,
  StringConcat,
  TerraformOutput,
  TerraformStack,
  Testing,
  Token,
  Tokenization,
  withTokenScope,
} from '../../lib/azure/cdktf';
import { planPolicies, stackName, SubscriptionStack, TenantStack, TENANT_STACK } from '../../lib/azure';
import { resolveOnce } from '../../lib/azure/resolve-once';
import { SinglePassStack } from '../../lib/azure/single-pass-stack';
import { activeSpacesOf, loadModel, writeGeneratedCatalog, type VendModel } from '../../lib/model';
import { bundledModel } from './support/synth';

/** Every Azure stack of `model` in one app, as synthesizeAzure builds them. */
function buildStacks(model: VendModel): SinglePassStack[] {
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'vend-single-pass-')), skipValidation: true, stackTraces: false });
  const backend = { kind: 'local' } as const;
  const units = model.units.filter((u) => u.cloud === 'azure');
  const stacks: SinglePassStack[] = [new TenantStack(app, TENANT_STACK, { model, policies: planPolicies(model), backend })];
  for (const unit of units) {
    const spaces = unit.kind === 'PoP' ? activeSpacesOf(units, unit.name).map((s) => s.name) : undefined;
    stacks.push(new SubscriptionStack(app, stackName(unit), { model, unit, backend, spaces: spaces?.length ? spaces : undefined }));
  }
  return stacks;
}

/** Both implementations on each stack: vend's first (CDKTF's prepare pass could add elements). */
function bothWays(model: VendModel): Array<{ stack: string; singlePass: string; cdktf: string }> {
  return withTokenScope(() =>
    buildStacks(model).map((stack) => {
      const singlePass = JSON.stringify(stack.toTerraform());
      TerraformStack.prototype.prepareStack.call(stack);
      const cdktf = JSON.stringify(TerraformStack.prototype.toTerraform.call(stack));
      return { stack: stack.node.id, singlePass, cdktf };
    }),
  );
}

describe('SinglePassStack writes what TerraformStack writes', () => {
  test('the bundled catalog, every Azure stack', () => {
    const results = bothWays(bundledModel());
    expect(results.length).toBeGreaterThan(3);
    // Not vacuous: the documents hold resolved references and remote-state reads.
    expect(results.some((r) => r.cdktf.includes('${azurerm_resource_group.ResourceGroup.name}'))).toBe(true);
    expect(results.some((r) => r.cdktf.includes('data.terraform_remote_state.tenant.outputs'))).toBe(true);
    for (const r of results) expect({ stack: r.stack, document: r.singlePass }).toEqual({ stack: r.stack, document: r.cdktf });
  });

  test('a generated catalog with PoPs, Spaces, Central and a control plane', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-single-pass-catalog-'));
    try {
      writeGeneratedCatalog(dir, { units: 60, cloud: 'azure', spacesPerPop: 10 });
      const model = loadModel({ catalogDir: dir });
      const kinds = new Set(model.units.map((u) => u.kind));
      expect([...kinds].sort()).toEqual(['Central', 'ControlPlane', 'PoP', 'Space']);
      const results = bothWays(model);
      expect(results).toHaveLength(61);
      for (const r of results) expect({ stack: r.stack, document: r.singlePass }).toEqual({ stack: r.stack, document: r.cdktf });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolveOnce gives CDKTF resolution', () => {
  test('tokens in strings, keys, lists, numbers, maps and nested resolvables; undefined dropped', () => {
    const app = Testing.app();
    const stack = new SinglePassStack(app, 'tokens');
    const group = new ResourceGroup(stack, 'Group', { name: 'rg', location: 'westeurope' });
    // Each case on its own, inside plain objects and arrays, so vend's walk (not CDKTF) meets it.
    const cases: Record<string, unknown> = {
      plain: 'no tokens here, nor in 1e5 or 2e+3',
      name: group.name,
      embedded: `prefix-${group.id}-suffix`,
      tokenKey: { [`key-${group.name}`]: 'token in a key' },
      list: Token.asList(group.id),
      listOfStrings: [group.name, 'literal', undefined],
      number: Token.asNumber(group.id),
      numberInString: `n=${Token.asNumber(group.name)}`,
      map: Token.asStringMap(group.tags),
      lazy: Lazy.stringValue({ produce: () => `lazy-${group.location}` }),
      fn: Fn.lower(group.name),
      nested: { deeper: [{ a: undefined, b: group.location, c: null, d: true, e: 3 }], empty: {} },
      dropped: undefined,
    };
    const viaCdktf = (v: unknown) => Tokenization.resolve(v, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
    for (const [label, value] of Object.entries(cases)) {
      const wrapped = { outer: [{ value }] };
      expect({ label, once: JSON.stringify(resolveOnce(stack, wrapped)) }).toEqual({ label, once: JSON.stringify(viaCdktf(wrapped)) });
    }
    const once = resolveOnce(stack, cases) as Record<string, unknown>;
    expect(once).toMatchObject({ name: '${azurerm_resource_group.Group.name}', numberInString: 'n=${azurerm_resource_group.Group.name}' });
    expect('dropped' in once).toBe(false);
  });

  test('CDKTF errors stay CDKTF errors (a map token where a string belongs)', () => {
    const stack = new SinglePassStack(Testing.app(), 'errors');
    expect(() => resolveOnce(stack, { bad: Token.STRING_MAP_TOKEN_VALUE })).toThrow();
  });

  test('a direct reference to another stack is refused, not silently left dangling', () => {
    const app = Testing.app();
    const producer = new SinglePassStack(app, 'producer');
    const group = new ResourceGroup(producer, 'Group', { name: 'rg', location: 'westeurope' });
    const consumer = new SinglePassStack(app, 'consumer');
    new TerraformOutput(consumer, 'leak', { value: group.name });
    expect(() => consumer.toTerraform()).toThrow(/consumer: a value refers to an element of stack producer/);
  });
});
