/**
 * Stamped unit stacks (lib/azure/stamping) are CDKTF's stacks, byte for byte: every file of the
 * output with stamping on equals the output with every unit stack built through CDKTF, on catalogs
 * where shapes have many units and every stamped value varies. And the guard holds: a shape whose
 * stacks differ in a way substitution does not reproduce is never stamped.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { planAzureSynthesis, synthesizeAzure } from '../../lib/azure';
import { StackStamper, stacksCdktfBuilds } from '../../lib/azure/stamping/stamped-stacks';
import { describeUnitStack, unitShape, unitVariables } from '../../lib/azure/stamping/unit-variables';
import { Substitution } from '../../lib/azure/stamping/substitution';
import { terraformJson } from '../../lib/azure/stamping/terraform-json';
import { loadModel, writeGeneratedCatalog, type EffectiveUnit, type VendModel } from '../../lib/model';
import { filesUnder } from './support/synth';
import { writeVariedAzureCatalog } from './support/varied-catalog';

/**
 * StackStamper over `chunks` with a stand-in for CDKTF that writes each unit's stack as
 * `render(unit)` (and its manifest entry with `entry(unit)`); every stack written, built or
 * stamped, must be what the stand-in would have written, and the manifest parts the chunks return
 * must name each unit once, with the entry the stand-in would have given it. `batches` are the
 * unit lists CDKTF was called with, in order. `silent`: no `refused` callback (its default).
 */
function stampWithStandIn(
  model: VendModel,
  chunks: EffectiveUnit[][],
  render: (u: EffectiveUnit) => unknown,
  entry: (u: EffectiveUnit) => Record<string, unknown> = () => ({}),
  options: { silent?: boolean } = {},
) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'vend-stamper-'));
  const built: string[] = [];
  const batches: string[][] = [];
  const refused: string[] = [];
  const entryOf = (u: EffectiveUnit) => ({ name: u.name, synthesizedStackPath: `stacks/${u.name}/cdk.tf.json`, dependencies: [] as string[], ...entry(u) });
  const s = new StackStamper({
    model,
    outdir,
    spacesOf: new Map(),
    ...(options.silent ? {} : { refused: (m: string) => refused.push(m) }),
    synthesize: (list) => {
      batches.push(list.map((u) => u.name));
      const stacks: Record<string, { dependencies: string[] } & Record<string, unknown>> = {};
      for (const u of list) {
        built.push(u.name);
        mkdirSync(path.join(outdir, 'stacks', u.name), { recursive: true });
        writeFileSync(path.join(outdir, entryOf(u).synthesizedStackPath), terraformJson(render(u)));
        stacks[u.name] = entryOf(u);
      }
      return { version: 'test', stacks };
    },
  });
  const parts = chunks.flatMap((chunk) => s.chunk(chunk));
  const units = chunks.flat();
  const written = units.map((u) => JSON.parse(readFileSync(path.join(outdir, 'stacks', u.name, 'cdk.tf.json'), 'utf8')) as unknown);
  rmSync(outdir, { recursive: true, force: true });
  for (const [i, u] of units.entries()) expect(written[i]).toEqual(render(u));
  for (const part of parts) expect(part).toMatchObject({ version: 'test', stacks: expect.any(Object) });
  const named = parts.flatMap((part) => Object.entries(part.stacks));
  expect(named.map(([name]) => name).sort()).toEqual(units.map((u) => u.name).sort());
  for (const [name, e] of named) expect(e).toEqual(entryOf(units.find((u) => u.name === name)!));
  return { built, batches, refused, stats: s.stats };
}

describe('stamped synthesis writes what CDKTF writes', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'vend-stamping-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function bothWays(catalogDir: string) {
    const model = loadModel({ catalogDir });
    const stamped = synthesizeAzure(model, { outdir: path.join(catalogDir, '..', 'stamped'), backend: { kind: 'local' } });
    const cdktf = synthesizeAzure(model, { outdir: path.join(catalogDir, '..', 'cdktf'), backend: { kind: 'local' }, stamping: false });
    return { model, stamped, cdktf, expected: filesUnder(path.join(catalogDir, '..', 'cdktf')), actual: filesUnder(path.join(catalogDir, '..', 'stamped')) };
  }

  test('the bundled catalog with 12 varied clones of each Azure Space and PoP, file by file', () => {
    const catalogDir = path.join(work, 'varied', 'catalog');
    writeVariedAzureCatalog(catalogDir, 12);
    const { model, stamped, cdktf, expected, actual } = bothWays(catalogDir);
    expect(cdktf.stamped).toBe(0);
    expect(actual.size).toBe(stamped.stacks.length + 1);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [file, text] of expected) expect({ file, text: actual.get(file) }).toEqual({ file, text });
    // Not vacuous. Each shape builds its exemplar, a check for the names and one for the owners
    // (the first two clones keep their original's): the two PoP shapes of 9 units stamp 6 each,
    // BYOK Spaces with one owner (8 units) 5, the two-owner shapes (3 units each) 1 each. The
    // shared Space's exemplar owner is the organization's security contact, so its owner check
    // disagrees and that shape stamps nothing: 19.
    expect(stamped.stamped).toBe(19);
    const byok = model.units.filter((u) => u.customerManagedKey && u.cloud === 'azure' && u.lifecycle === 'active');
    expect(byok.length).toBeGreaterThan(3);
  });

  test('a generated catalog of 300 Azure units, file by file', () => {
    const catalogDir = path.join(work, 'generated', 'catalog');
    writeGeneratedCatalog(catalogDir, { units: 300, cloud: 'azure', spacesPerPop: 7 });
    const { model, stamped, expected, actual } = bothWays(catalogDir);
    expect(stamped.stamped).toBeGreaterThan(200);
    // What decides whether threads pay estimates the stacks CDKTF built (exemplars and checks;
    // a shape may need a second check): never more, and not less than half.
    const plan = planAzureSynthesis(model, { kind: 'local' })!;
    const built = stamped.stacks.length - 1 - stamped.stamped;
    const estimate = stacksCdktfBuilds(model, plan.units, plan.spacesOf);
    expect(estimate).toBeLessThanOrEqual(built);
    expect(estimate).toBeGreaterThanOrEqual(built / 2);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [file, text] of expected) expect({ file, text: actual.get(file) }).toEqual({ file, text });
  });
});

describe('a shape is stamped only when its check agrees', () => {
  const model = loadModel({ catalogDir: path.resolve(__dirname, '../../catalog') });
  const base = model.units.find((u) => u.name === 'space-we-shared-dev')!;
  const units: EffectiveUnit[] = Array.from({ length: 6 }, (_, i) => ({
    ...base,
    name: `space-we-x${i}-dev`,
    identity: `acme-space-we-x${i}-dev`,
    network: { ...base.network!, cidr: `10.241.${i * 4}.0/22` },
    tags: { ...base.tags, 'vend:unit': `space-we-x${i}-dev` },
  }));

  /** A stack with a value CDKTF would transform (here hashed): its check never agrees. */
  const hashedId = (u: EffectiveUnit) => ({ resource: { vnet: { name: `vnet-${u.name}`, id: createHash('sha256').update(u.name).digest('hex') } } });

  test('values that reach the stack verbatim: the exemplar and its check are built, the rest stamped', () => {
    const render = (u: EffectiveUnit) => ({ resource: { vnet: { name: `vnet-${u.name}`, address: u.network!.cidr, tags: u.tags } } });
    const { built, batches, stats } = stampWithStandIn(model, [units.slice(0, 3), units.slice(3)], render);
    // The exemplar, then one check; the unit beside the check waits for it, later chunks stamp.
    expect(built).toEqual([units[0].name, units[1].name]);
    expect(stats).toEqual({ synthesized: 2, stamped: 4, checks: 1, refusedShapes: 0 });
    // CDKTF is called once per phase that has units, never with none.
    expect(batches).toEqual([[units[0].name], [units[1].name]]);
  });

  test('a value transformed on its way (here hashed) makes the check disagree: nothing is stamped', () => {
    const { built, refused, stats } = stampWithStandIn(model, [units], hashedId);
    expect(built).toEqual(units.map((u) => u.name));
    expect(stats).toEqual({ synthesized: 6, stamped: 0, checks: 1, refusedShapes: 1 });
    expect(refused).toEqual([`not stamping the shape of ${units[0].name}: ${units[0].name}'s stack with ${units[1].name}'s values is not ${units[1].name}'s stack`]);
  });

  test('a shape refused in one chunk sends its units of later chunks straight to CDKTF, without another check', () => {
    const { batches, refused, stats } = stampWithStandIn(model, [units.slice(0, 2), units.slice(2, 4)], hashedId);
    expect(batches).toEqual([[units[0].name], [units[1].name], [units[2].name, units[3].name]]);
    expect(stats).toEqual({ synthesized: 4, stamped: 0, checks: 1, refusedShapes: 1 });
    expect(refused).toHaveLength(1);
  });

  test('without a refused callback a refused shape is built through CDKTF, silently', () => {
    const { built, stats } = stampWithStandIn(model, [units.slice(0, 3)], hashedId, undefined, { silent: true });
    expect(built).toEqual(units.slice(0, 3).map((u) => u.name));
    expect(stats).toEqual({ synthesized: 3, stamped: 0, checks: 1, refusedShapes: 1 });
  });

  test('a value the check left unchanged is checked when a unit changes it: an exemplar owner that is also a constant', () => {
    const owners = ['security@acme.example', 'security@acme.example', 'team-2@acme.example', 'security@acme.example'];
    const four = units.slice(0, 4).map((u, i) => ({ ...u, owners: [owners[i]] }));
    // The security contact is an organization-wide constant that equals the exemplar's owner.
    const render = (u: EffectiveUnit) => ({ resource: { contact: { email: 'security@acme.example' }, vnet: { name: `vnet-${u.name}`, owner: u.owners[0] } } });
    const { built, stats } = stampWithStandIn(model, [four], render);
    // unit 1 checks the name; unit 2 changes the owner too, so it is a check, and it disagrees.
    expect(built).toEqual(four.map((u) => u.name));
    expect(stats).toEqual({ synthesized: 4, stamped: 0, checks: 2, refusedShapes: 1 });
  });
});

describe('a shape is stamped only when its checks agree: what each guard stops', () => {
  const model = loadModel({ catalogDir: path.resolve(__dirname, '../../catalog') });
  const base = model.units.find((u) => u.name === 'space-we-shared-dev')!;
  const unit = (i: number, over: Partial<EffectiveUnit> = {}): EffectiveUnit => ({
    ...base,
    name: `space-we-y${i}-dev`,
    identity: `acme-space-we-y${i}-dev`,
    network: { ...base.network!, cidr: `10.242.${i * 4}.0/22` },
    ...over,
  });

  const run = (units: EffectiveUnit[], render: (u: EffectiveUnit) => unknown, entry?: (u: EffectiveUnit) => Record<string, unknown>) =>
    stampWithStandIn(model, [units], render, entry);

  test('tags count as a value: a unit that changes only its tags is a check (a constant equal to the exemplar tags is not the unit’s)', () => {
    const tags = { ...base.tags, team: 'a' };
    const units = [unit(0, { tags }), unit(1, { tags }), unit(2, { tags: { ...tags, team: 'b' } })];
    const render = (u: EffectiveUnit) => ({ resource: { rg: { name: `rg-${u.name}`, tags: u.tags }, policy: { tags: { ...tags } } } });
    const { built, refused, stats } = run(units, render);
    expect(built).toEqual(units.map((u) => u.name));
    expect(stats).toMatchObject({ stamped: 0, checks: 2, refusedShapes: 1 });
    expect(refused[0]).toMatch(/space-we-y0-dev's stack with space-we-y2-dev's values/);
  });

  test('a check whose values cannot be substituted refuses the shape, with the reason', () => {
    // The check's owner is its own name: two of the exemplar's values would become one.
    const units = [unit(0), unit(1, { owners: ['space-we-y1-dev'] }), unit(2)];
    const { built, refused, stats } = run(units, (u) => ({ resource: { rg: { name: `rg-${u.name}`, owner: u.owners[0] } } }));
    expect(built).toEqual(units.map((u) => u.name));
    expect(stats).toMatchObject({ stamped: 0, refusedShapes: 1 });
    expect(refused).toEqual(['not stamping the shape of space-we-y0-dev: two different values would become one']);
  });

  test('a unit to stamp whose values cannot be substituted is built through CDKTF instead', () => {
    const units = [unit(0), unit(1, { owners: ['other@acme.example'] }), unit(2, { owners: ['space-we-y2-dev'] }), unit(3)];
    const { built, stats } = run(units, (u) => ({ resource: { rg: { name: `rg-${u.name}`, owner: u.owners[0] } } }));
    expect(built).toEqual(['space-we-y0-dev', 'space-we-y1-dev', 'space-we-y2-dev']);
    expect(stats).toMatchObject({ stamped: 1, synthesized: 3, refusedShapes: 0 });
  });

  test('manifest entries that differ beyond the values refuse the shape', () => {
    const units = [unit(0), unit(1), unit(2)];
    const hashed = (u: EffectiveUnit) => ({ annotations: [createHash('sha256').update(u.name).digest('hex')] });
    const { built, refused } = run(units, (u) => ({ resource: { rg: { name: `rg-${u.name}` } } }), hashed);
    expect(built).toEqual(units.map((u) => u.name));
    expect(refused).toEqual([`not stamping the shape of space-we-y0-dev: the manifest entries of space-we-y0-dev and space-we-y1-dev differ beyond their values`]);
  });
});

describe('unit variables and shapes', () => {
  const model = loadModel({ catalogDir: path.resolve(__dirname, '../../catalog') });
  const contoso = model.unit('space-we-contoso-prod')!;

  test('a BYOK Space: every value that reaches its stack verbatim, and the names derived from them', () => {
    expect(unitVariables(model, { unit: contoso }).map((v) => `${v.key}:${v.match}`)).toEqual([
      'name:within',
      'identity:within',
      'keyVault:within',
      'flowLogStorage:within',
      'awsIdentity:within',
      'awsRole:within',
      'pop:within',
      'owner/0:within',
      'cidr:whole',
      'subnet/0:whole',
      'subnet/1:whole',
      'subnet/2:whole',
      'subnet/3:whole',
      'customerManagedKey:within',
      'file:whole',
    ]);
    const pop = model.unit('pop-we-prod')!;
    expect(unitVariables(model, { unit: pop, spaces: ['a', 'b'] }).map((v) => v.key)).toEqual(expect.arrayContaining(['space/0', 'space/1']));
  });

  test('a unit without a network has no network variables (and a shape of its own); a network too small to split has no subnets', () => {
    const keys = (u: EffectiveUnit) => unitVariables(model, { unit: u }).map((v) => `${v.key}:${v.match}`);
    const byok = ['name:within', 'identity:within', 'keyVault:within', 'flowLogStorage:within', 'awsIdentity:within', 'awsRole:within'];
    const networkless = { ...contoso, network: undefined };
    expect(keys(networkless)).toEqual([...byok, 'owner/0:within', 'customerManagedKey:within', 'file:whole']);
    const twin = { ...networkless, name: 'space-we-twin-prod', identity: 'acme-space-we-twin-prod' };
    expect(unitShape(model, { unit: twin })).toBe(unitShape(model, { unit: networkless }));
    expect(unitShape(model, { unit: networkless })).not.toBe(unitShape(model, { unit: contoso }));
    // Validation refuses such a network and the stack throws on it; its variables still do not.
    const small = { ...contoso, network: { ...contoso.network!, cidr: '10.0.0.0/28' } };
    expect(keys(small)).toEqual([...byok, 'pop:within', 'owner/0:within', 'cidr:whole', 'customerManagedKey:within', 'file:whole']);
  });

  test('an adopted subscription: its id replaced only as a whole string, an adopted e-mail wherever it occurs', () => {
    const adopted = { ...contoso, adopted: { id: '0b0b0b0b-1111-4222-8333-444444444444', email: 'billing@contoso.example' } };
    expect(unitVariables(model, { unit: adopted }).slice(-3)).toEqual([
      { key: 'adopted/id', value: '0b0b0b0b-1111-4222-8333-444444444444', match: 'whole' },
      { key: 'adopted/email', value: 'billing@contoso.example', match: 'within' },
      { key: 'file', value: contoso.file, match: 'whole' },
    ]);
  });

  test('which variables a unit has is part of its shape, not only how many: two Spaces admitted is not two owners', () => {
    const pop = model.unit('pop-we-prod')!;
    expect(pop.owners).toHaveLength(1);
    const twoSpaces = unitVariables(model, { unit: pop, spaces: ['space-a', 'space-b'] });
    const twoOwners = unitVariables(model, { unit: { ...pop, owners: [...pop.owners, 'x@acme.example'] }, spaces: ['space-a'] });
    expect(twoSpaces).toHaveLength(twoOwners.length);
    expect(unitShape(model, { unit: { ...pop }, spaces: ['space-a', 'space-b'] })).not.toBe(
      unitShape(model, { unit: { ...pop, owners: [...pop.owners, 'x@acme.example'] }, spaces: ['space-a'] }),
    );
  });

  test('a unit described again with other Spaces or under another model is described anew', () => {
    const pop = { ...model.unit('pop-we-prod')! };
    const one = describeUnitStack(model, { unit: pop, spaces: ['space-a'] });
    const two = describeUnitStack(model, { unit: pop, spaces: ['space-a', 'space-b'] });
    expect(one.variables.filter((v) => v.key.startsWith('space/'))).toHaveLength(1);
    expect(two.variables.filter((v) => v.key.startsWith('space/'))).toHaveLength(2);
    // The same unit object under a model in which its PoP is another cloud's: another shape.
    const unit = { ...contoso };
    const awsPop: VendModel = { ...model, unit: (name) => (name === contoso.network!.pop ? { ...model.unit(name)!, cloud: 'aws' } : model.unit(name)) };
    const here = describeUnitStack(model, { unit }).shape;
    expect(describeUnitStack(awsPop, { unit }).shape).not.toBe(here);
    expect(describeUnitStack(model, { unit }).shape).toBe(here);
  });

  test('units that differ only in variables and tags share a shape; anything else, or a PoP of another cloud, does not', () => {
    const twin = { ...contoso, name: 'space-we-twin-prod', identity: 'acme-space-we-twin-prod', tags: { ...contoso.tags, extra: 'x' }, file: 'twin.yaml' };
    expect(unitShape(model, { unit: twin })).toBe(unitShape(model, { unit: contoso }));
    expect(unitShape(model, { unit: { ...contoso, region: 'eastus' } })).not.toBe(unitShape(model, { unit: contoso }));
    expect(unitShape(model, { unit: { ...contoso, owners: [...contoso.owners, 'x@acme.example'] } })).not.toBe(unitShape(model, { unit: contoso }));
    const awsPop = { ...contoso, network: { ...contoso.network!, pop: 'pop-eu-prod' } };
    expect(unitShape(model, { unit: awsPop })).not.toBe(unitShape(model, { unit: contoso }));
  });
});

describe('terraform-json writes what CDKTF writes', () => {
  // CDKTF's own writer: json-stable-stringify, as its synthesizer requires it.
  const stableStringify = require(require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf'))] })) as (v: unknown, o: { space: number }) => string;

  test.each([
    ['empty object and array', { a: {}, b: [], c: [{}, []] }],
    ['numeric-looking keys sort as text', { '9': 1, '10': 2, b: 3, B: 4, a: null }],
    ['nested arrays with nulls and escapes', { x: [null, 1.5, -0, 'q"u\\o\n', 'é ✓', [true, false]] }],
    ['strings and keys made only of characters JSON escapes', { q: '"', b: '\\', n: '\n', c: '\u0001\t', s: '\ud800', e: '', '"': 1 }],
    ['a bare value', 'text'],
    ['undefined: a key left out, an array item written as null', { a: undefined, b: [1, undefined], c: 2 }],
  ])('%s', (_name, value) => {
    expect(terraformJson(value)).toBe(stableStringify(value, { space: 2 }));
  });
});

describe('substitution', () => {
  const v = (key: string, value: string, match: 'whole' | 'within' = 'within') => ({ key, value, match });
  const between = (from: Array<ReturnType<typeof v>>, to: Array<ReturnType<typeof v>>, tags: [Record<string, string>, Record<string, string>] = [{}, {}]) =>
    Substitution.between({ variables: from, tags: tags[0] }, { variables: to, tags: tags[1] });

  test('the longest value wins at each position, and replaced text is not scanned again', () => {
    const s = between([v('name', 'space-1'), v('pop', 'space-10')], [v('name', 'space-10'), v('pop', 'space-2')]) as Substitution;
    expect(s.apply({ a: 'pe-space-1-to-space-10', 'space-1': ['space-1'] })).toEqual({ a: 'pe-space-10-to-space-2', 'space-10': ['space-10'] });
  });

  test('a value that stays the same still shields the shorter values inside it', () => {
    const s = between([v('name', 'we-prod'), v('pop', 'pop-we-prod')], [v('name', 'we-dev'), v('pop', 'pop-we-prod')]) as Substitution;
    expect(s.apply('pe-we-prod-to-pop-we-prod')).toBe('pe-we-dev-to-pop-we-prod');
  });

  test('whole values replace only whole strings; tags objects only when they are the unit’s tags', () => {
    const s = between([v('cidr', '10.0.0.0/22', 'whole')], [v('cidr', '10.0.4.0/22', 'whole')], [{ env: 'dev' }, { env: 'prod', extra: 'x' }]) as Substitution;
    const json = {
      cidr: '10.0.0.0/22',
      note: 'from 10.0.0.0/22',
      n: [1, null, true],
      tags: { env: 'dev' },
      other: { tags: { env: 'test' } },
      more: { tags: { env: 'dev', extra: 'y' } },
      fewer: { tags: {} },
      notTags: { env: 'dev' },
    };
    const expected = {
      cidr: '10.0.4.0/22',
      note: 'from 10.0.0.0/22',
      n: [1, null, true],
      tags: { env: 'prod', extra: 'x' },
      other: { tags: { env: 'test' } },
      more: { tags: { env: 'dev', extra: 'y' } },
      fewer: { tags: {} },
      notTags: { env: 'dev' },
    };
    expect(s.apply(json)).toEqual(expected);
    expect(JSON.parse(s.write(json))).toEqual(expected);
  });

  test('a tags object sharing only some of the unit’s tag values is not the unit’s tags', () => {
    const s = between([v('name', 'a-unit')], [v('name', 'b-unit')], [{ env: 'dev', team: 'a' }, { env: 'prod', team: 'b' }]) as Substitution;
    const json = { unit: { tags: { env: 'dev', team: 'a' } }, constant: { tags: { env: 'dev', team: 'platform' } } };
    const expected = { unit: { tags: { env: 'prod', team: 'b' } }, constant: { tags: { env: 'dev', team: 'platform' } } };
    expect(s.apply(json)).toEqual(expected);
    expect(JSON.parse(s.write(json))).toEqual(expected);
  });

  test('a value that is both whole and part of others is substituted when both rules give it the same value', () => {
    const s = between([v('file', 'x-1', 'whole'), v('name', 'x-1')], [v('file', 'y-1', 'whole'), v('name', 'y-1')]);
    expect(s).toBeInstanceOf(Substitution);
    expect((s as Substitution).apply({ whole: 'x-1', within: 'rg-x-1' })).toEqual({ whole: 'y-1', within: 'rg-y-1' });
  });

  test('written in one pass as terraform-json writes the substituted JSON: keys sorted after renaming, tags replaced', () => {
    const s = between([v('name', 'b-unit')], [v('name', 'z-unit')], [{ k: 'v' }, { k: 'w', a: 'x"y' }]) as Substitution;
    const json = { 'b-unit': { id: 'b-unit-1' }, m: { tags: { k: 'v' }, list: [], empty: {} } };
    const written = s.write(json);
    expect(written).toBe(terraformJson(s.apply(json)));
    expect(written.indexOf('"m"')).toBeLessThan(written.indexOf('"z-unit"'));
    expect(JSON.parse(written)).toEqual({ m: { empty: {}, list: [], tags: { a: 'x"y', k: 'w' } }, 'z-unit': { id: 'z-unit-1' } });
  });

  test('refused: one value to two, two to one, a value JSON or HCL would escape, variables that do not pair', () => {
    expect(between([v('a', 'x-1'), v('b', 'x-1')], [v('a', 'y-1'), v('b', 'y-2')])).toMatch(/would become both 'y-1' and 'y-2'/);
    expect(between([v('a', 'x-1'), v('b', 'x-2')], [v('a', 'y-1'), v('b', 'y-1')])).toMatch(/two different values would become one/);
    expect(between([v('a', 'x"1')], [v('a', 'y')])).toMatch(/escape/);
    expect(between([v('a', 'x')], [v('a', 'y$')])).toMatch(/escape/);
    expect(between([v('a', 'x')], [v('b', 'y')])).toMatch(/does not pair/);
    expect(between([v('a', 'x')], [v('a', 'y', 'whole')])).toMatch(/does not pair/);
    expect(between([v('a', 'x', 'whole'), v('b', 'x')], [v('a', 'y', 'whole'), v('b', 'z')])).toMatch(/both a whole value and part of others/);
    // The same pair twice (two owners, both unchanged in kind) is fine.
    expect(between([v('a', 'x'), v('b', 'x')], [v('a', 'y'), v('b', 'y')])).toBeInstanceOf(Substitution);
    expect(between([v('a', 'x')], [])).toMatch(/different variables/);
  });
});
