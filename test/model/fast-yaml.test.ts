/**
 * Reading a catalog file the fast way (js-yaml, no syntax tree) must give exactly what `yaml`
 * gives, or decline so that `yaml` reads it: over every YAML file in the repository and over edge
 * cases where YAML libraries are known to differ.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { plainYamlValue } from '../../lib/model/fast-yaml';
import { SourceFile } from '../../lib/model/source-file';

const REPO = path.resolve(__dirname, '../..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

/** What `yaml` makes of the text, as vend reads it (undefined when it reports an error). */
function exact(text: string): { value: unknown } | undefined {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
  return document.errors.length ? undefined : { value: document.toJS({ maxAliasCount: 100 }) };
}

test('every YAML file in the repository: the fast value is yaml’s value', () => {
  const files = ['catalog', 'templates', 'policies', 'test'].flatMap((d) => yamlFiles(path.join(REPO, d)));
  expect(files.length).toBeGreaterThan(50);
  let fast = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const quick = plainYamlValue(text);
    if (!quick) continue;
    fast++;
    expect({ file, value: quick.value }).toEqual({ file, value: exact(text)?.value });
  }
  // Most files take the fast way (otherwise this test would check nothing).
  expect(fast).toBeGreaterThan(files.length / 2);
});

test('edge cases: the same value, or the fast way declines', () => {
  const scalars = ['1', '-1', '+1', '012', '0o17', '0x1F', '0b101', '1_000', '1.5', '.5', '5.', '1e3', '1.0e+3', '.inf', '-.Inf', '.NaN',
    '~', 'null', 'Null', 'NULL', '', 'true', 'True', 'TRUE', 'yes', 'no', 'on', 'off', 'y', '2026-01-01', '2026-01-01T10:00:00Z', '12:30',
    '1:30:00', '0.', '-0', '00', '0777', '1__0', '0o8', "'it''s'", '"\\u00e9\\t"', 'a #c', 'a#c', '10.0.0.0/16', '[a, b, {c: d}]', '{}', '[]'];
  const documents = [
    ...scalars.map((s) => `k: ${s}\n`),
    'a: 1\na: 2\n', // duplicate key: yaml reports it; the fast way must not accept it
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'base: &b {x: 1}\nc:\n  <<: *b\n',
    'text: |\n  line one\n  line two\n',
    'text: >-\n  folded\n  lines\n',
    '---\na: 1\n---\nb: 2\n',
    'a:\n\t- b\n',
    '__proto__: {polluted: true}\n',
    'a: "unterminated\n',
    'k: a: b\n',
    'list:\n- one\n-  two\n- [three, "four"]\n',
    'multi: plain scalar\n  continued here\n',
    // null keys: js-yaml names them "null", yaml ""
    ...['', '~', 'null', 'Null', 'NULL'].flatMap((k) => [`${k}: x\n`, `m: { ${k}: x }\n`, `m: {a: 1, ${k}: x}\n`, `m:\n  ${k}: x\n`, `l:\n  - ${k}: x\n`, `l: [ ${k}: x ]\n`]),
    // ... and a null key whose value is on the lines below (the key ends its line)
    ...['~', 'null', 'NULL'].flatMap((k) => [`${k}:\n  a: 1\n`, `m:\n  ${k}:\n    - x\n`]),
    'tags: { : "1234" }\n',
    'l:\n  -  - ~: x\n', // nested sequences, spaced out
    'l:\n- - - null: x\n',
  ];
  let declined = 0;
  for (const text of documents) {
    const quick = plainYamlValue(text);
    if (!quick) {
      declined++;
      continue;
    }
    expect({ text, value: quick.value }).toEqual({ text, value: exact(text)?.value });
  }
  expect(declined).toBeGreaterThanOrEqual(40);
});

test('a file read the fast way still places a diagnostic on its line', () => {
  const { source, value } = SourceFile.parse('units/x.yaml', 'apiVersion: vend/v1\nkind: Space\nname: x\nregion: nowhere\n');
  expect(value).toEqual({ apiVersion: 'vend/v1', kind: 'Space', name: 'x', region: 'nowhere' });
  expect(source.at(['region'], 'bad-region', 'no such region')).toMatchObject({ file: 'units/x.yaml', line: 4, path: 'region' });
});
