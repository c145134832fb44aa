/**
 * Whatever lands in a catalog folder, vend answers with a located message and never a stack trace.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { fixtureCatalog, validateFixture, type FixtureCatalog } from './support/catalog-fixture';

describe('bad catalog files', () => {
  let fixture: FixtureCatalog;
  beforeEach(() => (fixture = fixtureCatalog()));
  afterEach(() => fixture.cleanup());

  test('fails on an empty file, naming it', () => {
    fixture.write('catalog/units/space-empty.yaml', '\n# nothing here\n');
    expect(validateFixture(fixture).lines).toEqual(['catalog/units/space-empty.yaml: file is empty']);
  });

  test('fails on a binary file', () => {
    fixture.write('catalog/units/space-binary.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    expect(validateFixture(fixture).lines).toEqual(['catalog/units/space-binary.yaml: file is binary, not YAML text']);
  });

  test('fails on text that is not UTF-8', () => {
    fixture.write('catalog/units/space-latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'));
    expect(validateFixture(fixture).lines).toEqual(['catalog/units/space-latin1.yaml: file is not valid UTF-8 text']);
  });

  test('fails on a 50 MB file without reading it into a parser', () => {
    const file = `${fixture.dir}/units/space-huge.yaml`;
    const fd = openSync(file, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    closeSync(fd);
    expect(validateFixture(fixture).lines).toEqual([
      'catalog/units/space-huge.yaml: file is 52428800 bytes; the limit is 1048576 bytes',
    ]);
  });

  test('fails on a YAML syntax error with its line', () => {
    fixture.write('catalog/units/space-tabs.yaml', 'apiVersion: vend/v1\nkind: Space\n\tname: space-tabs\n');
    const { diagnostics } = validateFixture(fixture);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', file: 'catalog/units/space-tabs.yaml', line: 3 });
  });

  test('fails on a document that is a list, not a mapping', () => {
    fixture.write('catalog/units/space-list.yaml', '- a\n- b\n');
    expect(validateFixture(fixture).lines).toEqual(['catalog/units/space-list.yaml:1: must be a mapping, found a list']);
  });

  test('fails on duplicate keys, which YAML parsers would otherwise silently merge', () => {
    fixture.write('catalog/units/space-dup.yaml', 'apiVersion: vend/v1\nkind: Space\nkind: PoP\n');
    expect(validateFixture(fixture).diagnostics[0]).toMatchObject({ code: 'yaml-syntax', line: 3 });
  });

  test('fails on a missing organization.yaml, and reports the units anyway', () => {
    fixture.remove('catalog/organization.yaml');
    fixture.write('catalog/units/space-empty.yaml', '');
    expect(validateFixture(fixture).lines).toEqual([
      'catalog/organization.yaml: file not found',
      'catalog/units/space-empty.yaml: file is empty',
    ]);
  });

  test('fails on a YAML bomb (alias expansion) without hanging', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    fixture.write('catalog/units/space-bomb.yaml', lines.join('\n') + '\n');
    const { diagnostics } = validateFixture(fixture);
    expect(diagnostics.map((d) => d.code)).toEqual(['yaml-syntax']);
  });
});
