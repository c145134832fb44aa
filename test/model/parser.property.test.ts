/**
 * Property-based tests of the catalog parser: random bytes, mutated unit files and generated valid
 * units. Whatever the input, the parser returns located diagnostics and never throws.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import {
  ACCESS_ROLES,
  loadCatalog,
  SourceFile,
  unitSchema,
  validateCatalog,
  type Catalog,
  type Diagnostic,
  type UnitSpec,
} from '../../lib/model';
import { checkSchema } from '../../lib/model/schema-check';
import { REPO } from './support/catalog-fixture';

const base = loadCatalog({ catalogDir: path.join(REPO, 'catalog') }).catalog!;
const sample = readFileSync(path.join(REPO, 'catalog', 'units', 'space-eu-acme-prod.yaml'), 'utf8');
const FILE = 'catalog/units/space-x.yaml';

/** What the loader does for one unit file, then every semantic rule with it added to the catalog. */
function check(content: string | Buffer): Diagnostic[] {
  const parsed = SourceFile.parse(FILE, content);
  if (parsed.value === undefined) return parsed.problems;
  const checked = checkSchema(unitSchema, parsed.value, parsed.source);
  if (!checked.value) return checked.problems;
  const catalog: Catalog = {
    ...base,
    units: [...base.units.filter((u) => u.spec.name !== checked.value!.name), { spec: checked.value, source: parsed.source }],
  };
  return validateCatalog(catalog);
}

/** Every diagnostic is located and one line long; `expectProblem` also requires at least one. */
function expectLocated(diagnostics: Diagnostic[], lineCount: number): void {
  for (const d of diagnostics) {
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.line).toBeGreaterThanOrEqual(0);
    // lines of the file under test are within it (a rule may also report on another catalog file)
    if (d.file === FILE) expect(d.line).toBeLessThanOrEqual(lineCount + 1);
    expect(d.message).not.toMatch(/\n|    at /);
  }
}

function expectProblem(diagnostics: Diagnostic[], lineCount: number): void {
  expect(diagnostics.length).toBeGreaterThan(0);
  expectLocated(diagnostics, lineCount);
}

/** An oracle that shares no code with SourceFile: the yaml library's own parse, then the schema. */
function independentlyValid(text: string): boolean {
  try {
    return unitSchema.safeParse(parseYaml(text, { uniqueKeys: true, strict: true, maxAliasCount: 100 })).success;
  } catch {
    return false;
  }
}

describe('catalog parser properties', () => {
  test('random bytes give diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        // random bytes are never a unit file: there is always at least one problem
        const diagnostics = check(Buffer.from(bytes));
        expectProblem(diagnostics, Buffer.from(bytes).toString('utf8').split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  test('random text gives diagnostics, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        expectProblem(check(text), text.split('\n').length);
      }),
      { numRuns: 300 },
    );
  });

  test('a mutated valid unit file gives located diagnostics or is valid, never an exception', () => {
    const lines = sample.split('\n');
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(sample.length - 1), length: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(sample.length), text: fc.constantFrom(':', '{', '}', '[', '"', '- ', '\t', '&a', '*a', '#', '\n  ', 'x: 1', '!!binary') }),
      fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat(lines.length - 1) }),
      fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat(lines.length - 1) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = sample;
        for (const m of mutations) {
          const current = text.split('\n');
          if (m.kind === 'delete') text = text.slice(0, m.at) + text.slice(m.at + m.length);
          else if (m.kind === 'insert') text = text.slice(0, m.at) + m.text + text.slice(m.at);
          else if (m.kind === 'dropLine') text = current.filter((_, i) => i !== m.line % current.length).join('\n');
          else text = current.flatMap((l, i) => (i === m.line % current.length ? [l, l] : [l])).join('\n');
        }
        const diagnostics = check(text);
        expectLocated(diagnostics, text.split('\n').length);
        // silence is only right for a file that really is a valid unit
        if (diagnostics.length === 0) expect(independentlyValid(text)).toBe(true);
        else if (!independentlyValid(text)) expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('a null mapping key is the empty key on every read path, so a null tag key is refused', () => {
    // found by the mutation property above (seed -667530789): the fast path read `{ : "1234" }` as
    // the tag key "null" and accepted it, where yaml reads "" and the schema refuses it
    for (const key of ['', '~', 'null', 'NULL']) {
      const text = sample.replace(/^tags: .*$/m, `tags: { ${key}: "1234" }`);
      expect(text).not.toBe(sample);
      expect(independentlyValid(text)).toBe(false);
      const diagnostics = check(text);
      expect(diagnostics.filter((d) => d.severity === 'error' && d.path.startsWith('tags'))).not.toEqual([]);
    }
  });

  const unitArbitrary: fc.Arbitrary<UnitSpec> = fc.record({
    apiVersion: fc.constant('vend/v1' as const),
    kind: fc.constant('Space' as const),
    name: fc.stringMatching(/^space-[a-z]{3,10}-(dev|prod)$/),
    cloud: fc.constant('aws' as const),
    environment: fc.constant('dev'),
    region: fc.constant('eu-west-1'),
    tenancy: fc.constant('multi' as const),
    owners: fc.array(fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.example$/), { minLength: 1, maxLength: 3 }),
    network: fc.record({ cidr: fc.integer({ min: 0, max: 63 }).map((i) => `10.250.${i * 4}.0/22`), pop: fc.constant('pop-eu-dev') }),
    access: fc.array(fc.record({ group: fc.constantFrom(...base.organization.spec.aws!.identityCenterGroups!), role: fc.constantFrom(...ACCESS_ROLES) }), { maxLength: 3 }),
    tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/), { maxKeys: 3 }),
  });

  test('a generated valid unit round-trips through YAML unchanged and without problems', () => {
    fc.assert(
      fc.property(unitArbitrary, (unit) => {
        const text = stringify(unit);
        const parsed = SourceFile.parse(FILE, text);
        const checked = checkSchema(unitSchema, parsed.value, parsed.source);
        expect(checked.problems).toEqual([]);
        expect(checked.value).toEqual(unit);
        expect(check(text).filter((d) => d.file === FILE)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('a bad value is reported on the line of its key, with its field path', () => {
    const fields: Array<[keyof UnitSpec, unknown]> = [
      ['cloud', 'gcp'],
      ['region', 42],
      ['owners', 'not-a-list'],
      ['tenancy', 'shared'],
      ['lifecycle', 'retired'],
    ];
    fc.assert(
      fc.property(unitArbitrary, fc.constantFrom(...fields), (unit, [field, bad]) => {
        const text = stringify({ ...unit, [field]: bad });
        const line = text.split('\n').findIndex((l) => l.startsWith(`${String(field)}:`)) + 1;
        expect(line).toBeGreaterThan(0);
        expect(check(text)).toContainEqual(expect.objectContaining({ file: FILE, line, path: String(field) }));
      }),
      { numRuns: 200 },
    );
  });
});
