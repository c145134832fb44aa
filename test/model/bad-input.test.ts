/**
 * Whatever lands in a catalog folder, vend answers with a located message and never a stack trace.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
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

  test('fails on nesting deep enough to exhaust the parser\'s stack, once and located, not with the stack overflow', () => {
    fixture.write('catalog/units/space-deep.yaml', `name: x\ntags: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`);
    expect(validateFixture(fixture).lines).toEqual(['catalog/units/space-deep.yaml:2: nested too deeply to read; catalog files are a few levels deep']);
  });

  test('fails on a YAML bomb (alias expansion) without hanging', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    fixture.write('catalog/units/space-bomb.yaml', lines.join('\n') + '\n');
    const { diagnostics } = validateFixture(fixture);
    expect(diagnostics.map((d) => d.code)).toEqual(['yaml-syntax']);
  });
});

describe('symbolic links in a catalog', () => {
  let fixture: FixtureCatalog;
  let outside: string;
  beforeEach(() => {
    fixture = fixtureCatalog();
    outside = mkdtempSync(path.join(tmpdir(), 'vend-outside-'));
    writeFileSync(path.join(outside, 'credentials.yaml'), '[default]\naws_secret_access_key = not-a-real-key\n');
  });
  afterEach(() => {
    fixture.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });
  const root = () => path.dirname(fixture.dir);
  const shownOutside = (file: string) => path.join(outside, file);

  test('refuse a unit file that leads outside the catalog, naming the file, without reading it', () => {
    symlinkSync(path.join(outside, 'credentials.yaml'), path.join(fixture.dir, 'units', 'space-leak.yaml'));
    expect(validateFixture(fixture).lines).toEqual([
      `catalog/units/space-leak.yaml: is a link to ${shownOutside('credentials.yaml')}, outside catalog; vend reads only files inside the catalog, templates and policies folders`,
    ]);
  });

  test('refuse a units folder that leads outside the catalog, instead of reading it as empty', () => {
    const units = path.join(fixture.dir, 'units');
    renameSync(units, path.join(outside, 'units'));
    symlinkSync(path.join(outside, 'units'), units);
    expect(validateFixture(fixture).lines).toEqual([
      `catalog/units: is a link to ${shownOutside('units')}, outside catalog; vend reads only files inside the catalog, templates and policies folders`,
    ]);
  });

  test('refuse a template and a policy file that lead outside their folders', () => {
    const template = path.join(fixture.templatesDir, 'pop.template.yaml');
    renameSync(template, path.join(outside, 'pop.template.yaml'));
    symlinkSync(path.join(outside, 'pop.template.yaml'), template);
    const scp = path.join(fixture.policiesDir, 'aws', 'deny-root-user.scp.json');
    renameSync(scp, path.join(outside, 'deny-root-user.scp.json'));
    symlinkSync(path.join(outside, 'deny-root-user.scp.json'), scp);
    const lines = validateFixture(fixture).lines;
    expect(lines).toContain(`templates/pop.template.yaml: is a link to ${shownOutside('pop.template.yaml')}, outside templates; vend reads only files inside the catalog, templates and policies folders`);
    expect(lines).toContain(`policies/aws/deny-root-user.scp.json: is a link to ${shownOutside('deny-root-user.scp.json')}, outside policies; vend reads only files inside the catalog, templates and policies folders`);
  });

  test('follow links that stay inside the catalog, and a catalog folder that is itself a link', () => {
    const shared = path.join(fixture.dir, 'shared');
    mkdirSync(shared);
    renameSync(path.join(fixture.dir, 'units', 'space-eu-shared-dev.yaml'), path.join(shared, 'space-eu-shared-dev.yaml'));
    symlinkSync(path.join('..', 'shared', 'space-eu-shared-dev.yaml'), path.join(fixture.dir, 'units', 'space-eu-shared-dev.yaml'));
    const linked = path.join(root(), 'linked-catalog');
    symlinkSync(fixture.dir, linked);
    expect(validateFixture({ ...fixture, dir: linked }).lines).toEqual([]);
  });
});
