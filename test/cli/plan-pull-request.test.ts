/**
 * The plan a pull request gets: against the live snapshot and the catalog it starts from
 * (`--base`), through the real CLI. A network change must show up as a replacement.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixtureCatalog, type FixtureCatalog } from '../model/support/catalog-fixture';
import { runCli } from './run-cli';

const REPO = path.resolve(__dirname, '../..');
const CATALOG = path.join(REPO, 'catalog');
const SNAPSHOT = path.join(REPO, 'test/model/fixtures/inventory/acme-snapshot.json');

let head: FixtureCatalog;
beforeAll(() => {
  head = fixtureCatalog();
  const file = 'catalog/units/space-eu-acme-prod.yaml';
  const original = readFileSync(path.join(CATALOG, 'units/space-eu-acme-prod.yaml'), 'utf8');
  head.write(file, original.replace('cidr: 10.20.0.0/22', 'cidr: 10.20.8.0/22').replace('space-readers, role: viewer', 'developers, role: viewer'));
});
afterAll(() => head.cleanup());

const plan = (...extra: string[]) =>
  runCli(['plan', '--catalog', head.dir, '--templates', head.templatesDir, '--policies', head.policiesDir, '--base', CATALOG, ...extra]);

describe('vend plan on a pull request that changes a Space', () => {
  test('the markdown marks the network change as a replacement of the VPC, with the stacks it touches', async () => {
    const result = await plan('--inventory', SNAPSHOT, '--format', 'markdown');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('> [!CAUTION]');
    expect(lines).toContain('> 1 unit with changes that **replace resources** (marked ⚠ below).');
    // the Space's shard (fnv1a of its name, 32 shards) is 07: pinned here, as deployed stacks are
    const stacks = '`Vend-Accounts-prod-Spaces-07` `Vend-Baseline-prod-Spaces-07` `Vend-PopAccess-pop-eu-prod`';
    expect(lines).toContain(
      `| ⚠ | \`space-eu-acme-prod\` | network.cidr | \`10.20.0.0/22\` | \`10.20.8.0/22\` | ⚠ replace: replaces the VPC: every subnet, endpoint and address in it is deleted and created again | ${stacks} |`,
    );
    expect(lines).toContain(`| ~ | \`space-eu-acme-prod\` | access |  | \`developers: viewer\` | update: access granted | ${stacks} |`);
    expect(lines.some((l) => l.startsWith('| ~ | `space-eu-acme-prod` | access | `space-readers: viewer` |'))).toBe(true);
  });

  test('the text form flags the unit as destructive and the JSON carries the field changes', async () => {
    const text = await plan('--format', 'text');
    expect(text.stdout).toMatch(/^ {2}! aws {3}space-eu-acme-prod \(changed, DESTRUCTIVE\)/m);
    expect(text.stdout).toMatch(/^ {6}⚠ replace network\.cidr: 10\.20\.0\.0\/22 → 10\.20\.8\.0\/22 — replaces the VPC/m);
    const json = JSON.parse((await plan('--format', 'json')).stdout);
    expect(json.comparedWithBase).toBe(true);
    expect(json.changes).toEqual([
      expect.objectContaining({
        unit: 'space-eu-acme-prod',
        status: 'changed',
        destructive: true,
        fields: expect.arrayContaining([expect.objectContaining({ field: 'network.cidr', from: '10.20.0.0/22', to: '10.20.8.0/22', effect: 'replace' })]),
      }),
    ]);
  });

  test('without a change against the base, nothing is destructive', async () => {
    const json = JSON.parse((await runCli(['plan', '--catalog', CATALOG, '--base', CATALOG, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ comparedWithBase: true, changes: [], summary: { destructive: 0 } });
  });

  test('a comment over the limit collapses to its summary and says where the full plan is', async () => {
    const full = await plan('--inventory', SNAPSHOT, '--format', 'markdown');
    const short = await plan('--inventory', SNAPSHOT, '--format', 'markdown', '--max-characters', '3000', '--full-plan-at', 'the artifact vend-plan');
    expect(full.stdout.length).toBeGreaterThan(3000);
    expect(short.stdout.length).toBeLessThanOrEqual(3000);
    expect(short.stdout).toMatch(/The full plan is [\d,]+ characters, more than a comment holds; this is its summary\. The full plan is in the artifact vend-plan\./);
    // what a reviewer must not miss survives the collapse
    expect(short.stdout).toContain('network.cidr');
    expect(short.stdout).toContain('#### Conflicts');
    expect(short.code).toBe(1);
  });
});
