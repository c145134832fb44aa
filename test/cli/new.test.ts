/**
 * `vend new space|pop` writes a unit file a pull request can carry as is: `vend validate` passes on
 * the catalog it joins, the network is the next free block of the environment's ranges, and a
 * request that would not validate writes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixtureCatalog, type FixtureCatalog } from '../model/support/catalog-fixture';
import { runCli } from './run-cli';

let fixture: FixtureCatalog;
beforeEach(() => (fixture = fixtureCatalog()));
afterEach(() => fixture.cleanup());

const options = () => ['--catalog', fixture.dir, '--templates', fixture.templatesDir, '--policies', fixture.policiesDir];

describe('vend new', () => {
  test('a Space from flags is written with the next free prod /22 and its PoP, and vend validate then passes', async () => {
    const made = await runCli(['new', 'space', ...options(), '--name', 'space-eu-globex-prod', '--cloud', 'aws', '--environment', 'prod', '--owner', 'team@globex.example', '--access', 'space-operators:contributor']);
    expect(made).toMatchObject({ code: 0 });
    const file = path.join(fixture.dir, 'units', 'space-eu-globex-prod.yaml');
    // prod ranges start at 10.0.0.0/11; 10.0.0.0/22 and 10.0.4.0/22 are Central and the Control Plane
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# yaml-language-server: $schema=../../schema/unit.schema.json',
        'apiVersion: vend/v1',
        'kind: Space',
        'name: space-eu-globex-prod',
        'cloud: aws',
        'environment: prod',
        'region: eu-west-1',
        'owners: [team@globex.example]',
        'network: { cidr: 10.0.8.0/22, pop: pop-eu-prod }',
        'access:',
        '  - { group: space-operators, role: contributor }',
        '',
      ].join('\n'),
    );
    expect(await runCli(['validate', ...options()])).toMatchObject({ code: 0, stdout: '' });
  });

  test('two new units in a row get distinct networks, and a PoP goes to the first allowed region', async () => {
    await runCli(['new', 'space', ...options(), '--name', 'space-we-a-dev', '--cloud', 'azure', '--environment', 'dev', '--owner', 'a@x.example']);
    await runCli(['new', 'pop', ...options(), '--name', 'pop-us-dev', '--cloud', 'aws', '--environment', 'dev', '--owner', 'n@x.example', '--access', 'network-engineers:admin']);
    const a = readFileSync(path.join(fixture.dir, 'units', 'space-we-a-dev.yaml'), 'utf8');
    const pop = readFileSync(path.join(fixture.dir, 'units', 'pop-us-dev.yaml'), 'utf8');
    expect(a).toContain('network: { cidr: 10.64.0.0/22, pop: pop-we-dev }');
    expect(pop).toContain('region: us-east-1');
    expect(pop).toContain('network: { cidr: 10.64.4.0/22 }');
    expect(await runCli(['validate', ...options()])).toMatchObject({ code: 0 });
  });

  test('a request that would not validate writes nothing and exits 1 with the located problem', async () => {
    const result = await runCli(['new', 'space', ...options(), '--name', 'space-eu-globex-prod', '--cloud', 'aws', '--environment', 'prod', '--owner', 'team@globex.example', '--access', 'globex-operators:contributor']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/space-eu-globex-prod\.yaml:11: access\[0\]\.group: group 'globex-operators' is not in organization\.yaml aws\.identityCenterGroups/);
    expect(existsSync(path.join(fixture.dir, 'units', 'space-eu-globex-prod.yaml'))).toBe(false);
  });

  test('missing answers off a terminal are a usage error', async () => {
    const result = await runCli(['new', 'space', ...options(), '--name', 'space-x-dev']);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing --cloud, --environment, --owner/) });
  });
});
