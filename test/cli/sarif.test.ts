/**
 * SARIF 2.1.0 from `vend validate` and `vend drift`, in the shape GitHub code scanning reads
 * (docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * version, one run with the tool's rules, and per result a ruleId, level, message and a physical
 * location with a repository-relative URI and a start line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { fixtureCatalog } from '../model/support/catalog-fixture';
import { runCli } from './run-cli';

const REPO = path.resolve(__dirname, '../..');

describe('SARIF output', () => {
  test('vend validate: one result per diagnostic, at its file and line, with the rule described', async () => {
    const fixture = fixtureCatalog();
    const cwd = process.cwd();
    try {
      fixture.write('catalog/units/space-bad.yaml', 'apiVersion: vend/v1\nkind: Space\nname: space-bad\ncloud: aws\nenvironment: dev\nregion: mars-1\nowners: [a@b.example]\nnetwork: { cidr: 10.64.0.1/22, pop: pop-eu-dev }\n');
      process.chdir(path.dirname(fixture.dir));
      const result = await runCli(['validate', '--catalog', 'catalog', '--templates', 'templates', '--policies', 'policies', '--format', 'sarif']);
      expect(result.code).toBe(1);
      const log = JSON.parse(result.stdout) as Log;
      expect(log.version).toBe('2.1.0');
      expect(log.runs).toHaveLength(1);
      const run = log.runs[0];
      expect(run.tool.driver.name).toBe('vend validate');
      expect(run.tool.driver.rules!.map((r) => [r.id, r.shortDescription!.text])).toEqual([
        ['cidr-syntax', 'a network is not an IPv4 network address'],
        ['region-not-allowed', 'a unit is in a region the organization does not allow'],
      ]);
      expect(run.results!.map((r) => [r.ruleId, r.level, r.locations![0].physicalLocation!.artifactLocation!.uri, r.locations![0].physicalLocation!.region!.startLine])).toEqual([
        ['region-not-allowed', 'error', 'catalog/units/space-bad.yaml', 6],
        ['cidr-syntax', 'error', 'catalog/units/space-bad.yaml', 8],
      ]);
      expect(run.results![0].message.text).toBe("region: 'mars-1' is not an allowed AWS region (us-east-1, eu-west-1)");
    } finally {
      process.chdir(cwd);
      fixture.cleanup();
    }
  });

  test('vend drift: findings point at the unit file, or at organization.yaml', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-sarif-'));
    const cwd = process.cwd();
    try {
      writeFileSync(path.join(dir, 'empty.json'), JSON.stringify({ apiVersion: 'vend/v1', kind: 'Inventory', aws: { organizationalUnits: [], accounts: [] } }));
      process.chdir(REPO);
      const result = await runCli(['drift', '--catalog', 'catalog', '--cloud', 'aws', '--inventory', path.join(dir, 'empty.json'), '--format', 'sarif']);
      expect(result.code).toBe(3);
      const results = (JSON.parse(result.stdout) as Log).runs[0].results!;
      const where = (ruleId: string) => new Set(results.filter((r) => r.ruleId === ruleId).map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri));
      expect(where('unit-missing')).toContain('catalog/units/space-eu-acme-prod.yaml');
      expect(where('node-missing')).toEqual(new Set(['catalog/organization.yaml']));
      expect(results.every((r) => r.level === 'warning')).toBe(true);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
