import { CompiledJson, type Variability } from '../../lib/azure/stamping/compiled-json';
import { Substitution } from '../../lib/azure/stamping/substitution';
import { terraformJson, type Rewrite } from '../../lib/azure/stamping/terraform-json';

/** Rewrites every `from` inside strings and keys to `to`, and replaces objects under `tags` holding `tag`. */
function rewriting(from: string, to: string, tag?: string): { rewrite: Rewrite; variability: Variability } {
  const isTags = (key: string | undefined, record: Record<string, unknown>) => key === 'tags' && tag !== undefined && tag in record;
  return {
    rewrite: { text: (s) => s.split(from).join(to), object: (key, record) => (isTags(key, record) ? { [to]: tag!, ...record } : undefined) },
    variability: { varies: (s) => s.includes(from), replaces: isTags },
  };
}

const stack = {
  '//': { metadata: { stackName: 'unit-b' }, outputs: { 'unit-b': { id: 'id' } } },
  resource: {
    rg: { 'unit-b-rg': { name: 'rg-unit-b', location: 'westeurope', tags: { team: 'b', env: 'dev' } } },
    kv: { vault: { name: 'kv-unit-b', sku: 'premium', acl: [{ ip: '10.0.0.0/24' }, null, 1.5, true, [], {}], unset: undefined, list: ['unit-b', 'fixed', undefined] } },
  },
  escapes: { 'q"': 'unit-b\n"quoted"', '\u0001': '\ud800', e: '' },
  empty: { a: {}, b: [] },
};

describe('compiled JSON writes what terraform-json writes', () => {
  test.each([
    ['a rename that keeps every key where it sorts', 'unit-b', 'unit-c'],
    ['a rename that moves keys before their siblings', 'unit-b', 'a-unit'],
    ['a rename that moves keys after their siblings', 'unit-b', 'zz-unit'],
    ['a rename to text JSON escapes', 'unit-b', 'u"\\n'],
    ['nothing renamed', 'unit-b', 'unit-b'],
  ])('%s', (_name, from, to) => {
    const { rewrite, variability } = rewriting(from, to, 'team');
    const compiled = CompiledJson.of(stack, variability);
    expect(compiled.write(rewrite)).toBe(terraformJson(stack, rewrite));
  });

  test('bare values, an empty object and undefined', () => {
    const { rewrite, variability } = rewriting('x', 'y');
    for (const value of ['x-1', 'fixed', 3, null, {}, [], undefined]) expect(CompiledJson.of(value, variability).write(rewrite)).toBe(terraformJson(value, rewrite));
  });

  test('the text is cut only where a rewrite can change it: at varying strings and at objects with a varying key or replaced whole', () => {
    const { variability } = rewriting('unit-b', 'unit-c', 'team');
    expect(CompiledJson.of({ a: ['fixed', 1, { b: 'also fixed' }], c: {} }, variability).holes).toBe(0);
    expect(CompiledJson.of({ a: 'rg-unit-b', b: ['unit-b', 'fixed'] }, variability).holes).toBe(2);
    // the object with the varying key is one cut, however much it holds; a tags object is one cut
    expect(CompiledJson.of({ outer: { 'unit-b': { x: 'unit-b', y: 'unit-b' } }, tags: { team: 'b' } }, variability).holes).toBe(2);
  });
});

describe('substitution writes through one layout per exemplar and values', () => {
  const v = (key: string, value: string, match: 'whole' | 'within' = 'within') => ({ key, value, match });
  const exemplar = { variables: [v('name', 'space-b'), v('cidr', '10.0.4.0/22', 'whole')], tags: { team: 'b' } };
  const json = {
    resource: { rg: { 'space-b': { name: 'rg-space-b', cidr: '10.0.4.0/22', note: 'in 10.0.4.0/22', tags: { team: 'b' } } }, m: { fixed: 'text' } },
    zeta: 'space-b',
  };

  test('units whose renamed keys sort differently, written one after another from the same JSON', () => {
    for (const [name, cidr, team] of [
      ['space-c', '10.0.8.0/22', 'c'],
      ['a-space', '10.1.0.0/22', 'a'],
      ['zz-space', '10.2.0.0/22', 'z'],
    ]) {
      const s = Substitution.between(exemplar, { variables: [v('name', name), v('cidr', cidr, 'whole')], tags: { team, env: 'x' } }) as Substitution;
      expect(s.write(json)).toBe(terraformJson(s.apply(json)));
    }
  });

  test('a substitution from other values or tags gets a layout of its own for the same JSON', () => {
    const json = {
      resource: { rg: { 'space-b': { name: 'rg-space-b', cidr: '10.0.4.0/22', note: 'in 10.0.4.0/22', tags: { team: 'b' } } }, m: { fixed: 'text' } },
      extra: { tags: { env: 'dev', team: 'b' } },
      zone: 'in 10.0.4.0/22',
    };
    const to = (name: string, cidrKey: string, cidr: string, tags: Record<string, string>) => ({ variables: [v('name', name), v(cidrKey, cidr, 'whole')], tags });
    const first = Substitution.between(exemplar, to('space-c', 'cidr', '10.0.8.0/22', { team: 'c' })) as Substitution;
    expect(first.write(json)).toBe(terraformJson(first.apply(json)));
    // each below differs from the first in one part of what it can change, so reusing its layout would leave that part as it was
    const within = Substitution.between({ variables: [v('name', 'text'), v('cidr', '10.0.4.0/22', 'whole')], tags: { team: 'b' } }, to('prose', 'cidr', '10.0.8.0/22', { team: 'c' })) as Substitution;
    expect(within.write(json)).toBe(terraformJson(within.apply(json)));
    expect(JSON.parse(within.write(json)).resource.m.fixed).toBe('prose');
    const whole = Substitution.between({ variables: [v('name', 'space-b'), v('note', 'in 10.0.4.0/22', 'whole')], tags: { team: 'b' } }, to('space-c', 'note', 'elsewhere', { team: 'c' })) as Substitution;
    expect(whole.write(json)).toBe(terraformJson(whole.apply(json)));
    expect(JSON.parse(whole.write(json)).zone).toBe('elsewhere');
    const tags = Substitution.between({ ...exemplar, tags: { team: 'b', env: 'dev' } }, to('space-c', 'cidr', '10.0.8.0/22', { team: 'd' })) as Substitution;
    expect(tags.write(json)).toBe(terraformJson(tags.apply(json)));
    expect(JSON.parse(tags.write(json)).extra.tags).toEqual({ team: 'd' });
  });

  test('one layout per exemplar values and tags, cut only where they vary; a bare string needs none', () => {
    const of = jest.spyOn(CompiledJson, 'of');
    try {
      const json = { name: 'rg-space-b', fixed: 'text', cidr: '10.0.4.0/22', list: ['a', 'b'], tags: { env: 'dev', team: 'b' }, other: { tags: { team: 'x' } } };
      const from = (tags: Record<string, string>, variables = [v('name', 'space-b'), v('cidr', '10.0.4.0/22', 'whole')]) => ({ variables, tags });
      const to = (name: string, tags: Record<string, string>) => ({ variables: [v('name', name), v('cidr', '10.0.8.0/22', 'whole')], tags });
      const write = (f: ReturnType<typeof from>, t: ReturnType<typeof to>) => {
        const s = Substitution.between(f, t) as Substitution;
        expect(s.write(json)).toBe(terraformJson(s.apply(json)));
      };
      for (const name of ['space-c', 'space-d', 'space-e']) write(from({ env: 'dev', team: 'b' }), to(name, { team: name }));
      expect(of).toHaveBeenCalledTimes(1);
      // cut at 'rg-space-b', at '10.0.4.0/22' and at the unit's tags object; nothing else
      expect((of.mock.results[0].value as CompiledJson).holes).toBe(3);
      // other tag values (as many): a layout of their own, where the tags object is fixed text
      write(from({ env: 'dev', team: 'z' }), to('space-g', { team: 'g' }));
      expect(of).toHaveBeenCalledTimes(2);
      expect((of.mock.results[1].value as CompiledJson).holes).toBe(2);
      // only a whole value: cut at that string alone
      const wholeOnly = Substitution.between(from({}, [v('cidr', '10.0.4.0/22', 'whole')]), { variables: [v('cidr', '10.0.8.0/22', 'whole')], tags: {} }) as Substitution;
      expect(wholeOnly.write(['10.0.4.0/22', 'text', 'rg-space-b'])).toBe(terraformJson(['10.0.8.0/22', 'text', 'rg-space-b']));
      expect((of.mock.results[2].value as CompiledJson).holes).toBe(1);
      const bare = Substitution.between(from({}), to('space-h', {})) as Substitution;
      expect(bare.write('rg-space-b')).toBe('"rg-space-h"');
      expect(bare.write(null)).toBe('null');
      expect(of).toHaveBeenCalledTimes(3);
    } finally {
      of.mockRestore();
    }
  });
});
