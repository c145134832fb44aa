/**
 * The CLI contract of `vend validate` and `vend plan`: results on stdout, messages on stderr,
 * exit 0 valid / 1 invalid / 2 usage.
 */
import * as path from 'node:path';
import { fixtureCatalog } from '../model/support/catalog-fixture';
import { runCli } from './run-cli';

const REPO = path.resolve(__dirname, '../..');
const CATALOG = path.join(REPO, 'catalog');
const SNAPSHOT = path.join(REPO, 'test/model/fixtures/inventory/acme-snapshot.json');

describe('vend validate', () => {
  test('accepts the bundled catalog with exit 0 and nothing on stdout', async () => {
    const result = await runCli(['validate', '--catalog', CATALOG]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe(`catalog ${CATALOG}: valid\n`);
  });

  test('fails with exit 1 and one file:line: field: message line per problem', async () => {
    const fixture = fixtureCatalog();
    try {
      fixture.write('catalog/units/space-bad.yaml', 'apiVersion: vend/v1\nkind: Space\nname: space-bad\ncloud: aws\nenvironment: dev\nregion: mars-1\nowners: [a@b.example]\nnetwork: { cidr: 10.0.0.1/22, pop: pop-eu-dev }\n');
      const result = await runCli(['validate', '--catalog', fixture.dir, '--templates', fixture.templatesDir, '--policies', fixture.policiesDir]);
      expect(result.code).toBe(1);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/space-bad\.yaml:6: region: 'mars-1' is not an allowed AWS region/);
      expect(lines[1]).toMatch(/space-bad\.yaml:8: network\.cidr: '10\.0\.0\.1\/22' is not a network address/);
      expect(result.stderr).toMatch(/: 2 errors\n$/);
    } finally {
      fixture.cleanup();
    }
  });

  test('reports problems as JSON for pipelines', async () => {
    const result = await runCli(['validate', '--catalog', path.join(REPO, 'no-such-dir'), '--format', 'json']);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.valid).toBe(false);
    expect(parsed.diagnostics).toContainEqual(expect.objectContaining({ code: 'missing-file', message: 'file not found' }));
  });

  test('fails with exit 2 on an unknown flag', async () => {
    expect((await runCli(['validate', '--catalgo', CATALOG])).code).toBe(2);
  });

  test('fails with exit 2 on an unknown format', async () => {
    const result = await runCli(['validate', '--catalog', CATALOG, '--format', 'yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format must be one of text, json/);
  });

  test('fails with exit 2 on an unknown command', async () => {
    expect((await runCli(['valdiate'])).code).toBe(2);
  });
});

describe('vend plan', () => {
  test.each([
    ['text', /^Plan for organization acme/],
    ['markdown', /^### vend plan for `acme`/],
    ['json', /^\{\n  "apiVersion": "vend\/v1",\n  "kind": "Plan"/],
  ])('prints the plan as %s', async (format, pattern) => {
    const result = await runCli(['plan', '--catalog', CATALOG, '--format', format]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(pattern);
  });

  test('exits 1 when the plan has conflicts, and names them', async () => {
    const result = await runCli(['plan', '--catalog', CATALOG, '--inventory', SNAPSHOT]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/! conflict\s+aws\s+space-eu-shared-dev/);
  });

  test('refuses an invalid catalog with its problems and exit 1, planning nothing', async () => {
    const fixture = fixtureCatalog();
    try {
      fixture.write('catalog/units/space-bad.yaml', 'apiVersion: vend/v1\nkind: Space\nname: space-bad\n');
      const result = await runCli(['plan', '--catalog', fixture.dir, '--templates', fixture.templatesDir, '--policies', fixture.policiesDir]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/space-bad\.yaml:1: cloud: is required/);
    } finally {
      fixture.cleanup();
    }
  });

  test('refuses an unreadable inventory with exit 1 and a located message', async () => {
    const result = await runCli(['plan', '--catalog', CATALOG, '--inventory', path.join(REPO, 'catalog/organization.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/organization\.yaml:1: not valid JSON/);
  });
});
