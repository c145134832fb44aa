/**
 * `vend adopt` end to end against moto: an organization seeded with accounts no unit claims (one
 * in the root, one in the dev environment's OU). Adopt writes their unit files (names from a
 * mapping file or from the account), tags and moves the accounts, and afterwards `vend drift`
 * reports them as managed: no unmanaged account and no finding about either.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ListParentsCommand, MoveAccountCommand, UntagResourceCommand } from '@aws-sdk/client-organizations';
import { createAccount, seedAws } from '../../lib/operations/testing/seed-aws';
import { runCli } from '../cli/run-cli';
import { fixtureCatalog, type FixtureCatalog } from '../model/support/catalog-fixture';
import { demoModel, localAws } from './support/fixtures';
import { motoEnv, startMoto, type MotoServer } from './support/moto';

let moto: MotoServer;
let fixture: FixtureCatalog;
const saved = { ...process.env };
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
  process.env.AWS_ENDPOINT_URL = moto.url;
  process.env.VEND_API_UNLIMITED = '1';
}, 300_000);
afterAll(() => {
  moto?.stop();
  process.env = saved;
});
beforeEach(async () => {
  await moto.reset();
  fixture = fixtureCatalog();
});
afterEach(() => fixture.cleanup());

const options = () => ['--catalog', fixture.dir, '--templates', fixture.templatesDir, '--policies', fixture.policiesDir];

describe('vend adopt', () => {
  test('writes unit files for unmanaged accounts, tags and moves them, after which drift reports them as managed', async () => {
    // Given an organization as vend deployed it, plus two accounts made by hand
    const aws = localAws(moto.url);
    const seeded = await seedAws(aws, demoModel());
    const sandbox = await createAccount(aws, 'Team Sandbox', 'sandbox@acme.example', []);
    const analytics = await createAccount(aws, 'analytics', 'analytics@acme.example', []);
    await aws.send('organizations', new MoveAccountCommand({ AccountId: analytics, SourceParentId: seeded.rootId, DestinationParentId: seeded.ous.get('acme/prod/Spaces')! }));
    const before = await runCli(['drift', ...options(), '--cloud', 'aws', '--format', 'json']);
    expect(JSON.parse(before.stdout).findings.filter((f: { kind: string }) => f.kind === 'unmanaged').map((f: { resource: string }) => f.resource).sort()).toEqual([analytics, sandbox].sort());

    // When: a dry run first (writes nothing), then --execute with a mapping file for one of them
    const mapping = path.join(path.dirname(fixture.dir), 'adopt.yaml');
    writeFileSync(mapping, `apiVersion: vend/v1\nkind: AdoptionMap\naccounts:\n  - { id: "${sandbox}", name: space-eu-sandbox-dev, environment: dev, owners: [sandbox-team@acme.example] }\n`);
    const dry = await runCli(['adopt', ...options(), '--mapping', mapping]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${sandbox} 'Team Sandbox' <sandbox@acme.example> → unit space-eu-sandbox-dev`);
    expect(dry.stdout).toContain(`${analytics} 'analytics' <analytics@acme.example> → unit analytics`);
    expect(existsSync(path.join(fixture.dir, 'units', 'space-eu-sandbox-dev.yaml'))).toBe(false);
    const done = await runCli(['adopt', ...options(), '--mapping', mapping, '--execute']);
    expect(done.code).toBe(0);

    // Then: unit files that name the existing accounts (nothing is created again), and a valid catalog
    const sandboxUnit = readFileSync(path.join(fixture.dir, 'units', 'space-eu-sandbox-dev.yaml'), 'utf8');
    expect(sandboxUnit).toContain(`adopted: { id: "${sandbox}", email: sandbox@acme.example }`);
    expect(sandboxUnit).toContain('environment: dev');
    expect(sandboxUnit).toContain('network: { cidr: 10.64.0.0/22, pop: pop-eu-dev }');
    const analyticsUnit = readFileSync(path.join(fixture.dir, 'units', 'analytics.yaml'), 'utf8');
    expect(analyticsUnit).toContain('environment: prod');
    expect(analyticsUnit).toContain('owners: [analytics@acme.example]');
    expect(await runCli(['validate', ...options()])).toMatchObject({ code: 0 });

    // and drift reports them as managed: no finding names either account or unit
    const after = await runCli(['drift', ...options(), '--cloud', 'aws', '--format', 'json']);
    const findings = JSON.parse(after.stdout).findings as Array<{ kind: string; resource: string; unit?: string }>;
    expect(findings.filter((f) => [sandbox, analytics].includes(f.resource) || ['space-eu-sandbox-dev', 'analytics'].includes(f.unit ?? ''))).toEqual([]);
    expect(findings.filter((f) => f.kind === 'unmanaged')).toEqual([]);

    // and adopting again finds nothing: it is idempotent
    const again = await runCli(['adopt', ...options(), '--mapping', mapping, '--execute']);
    expect(again).toMatchObject({ code: 0, stdout: 'nothing to adopt: every account belongs to a unit\n' });
  });

  test('keeps adopted accounts placed: a decommissioned unit is moved to Quarantine, a lost tag is set again, and nothing else is touched', async () => {
    // Given an account adopted by vend (CloudFormation never declares it, so nothing else moves it)
    const aws = localAws(moto.url);
    const seeded = await seedAws(aws, demoModel());
    const analytics = await createAccount(aws, 'analytics', 'analytics@acme.example', []);
    await aws.send('organizations', new MoveAccountCommand({ AccountId: analytics, SourceParentId: seeded.rootId, DestinationParentId: seeded.ous.get('acme/prod/Spaces')! }));
    expect((await runCli(['adopt', ...options(), '--execute'])).code).toBe(0);
    const file = path.join(fixture.dir, 'units', 'analytics.yaml');

    // When the unit is decommissioned and someone removed one of its tags
    appendFileSync(file, 'lifecycle: decommissioned\n');
    await aws.send('organizations', new UntagResourceCommand({ ResourceId: analytics, TagKeys: ['vend:owners'] }));
    const plan = await runCli(['adopt', ...options()]);
    expect(plan.stdout).toContain(`${analytics} 'analytics' <analytics@acme.example> → unit analytics`);
    expect(plan.stdout).toContain('move acme/prod/Spaces → acme/Quarantine');
    expect(plan.stdout).not.toContain('write ');
    const done = await runCli(['adopt', ...options(), '--execute']);
    expect(done.code).toBe(0);

    // Then the account sits in Quarantine with its tags (drift's one finding is the closure still to
    // run, no placement or tag finding), and a rerun has nothing to do
    const parents = await aws.send('organizations', new ListParentsCommand({ ChildId: analytics }));
    expect(parents.Parents?.[0]?.Id).toBe(seeded.ous.get('acme/Quarantine'));
    const after = await runCli(['drift', ...options(), '--cloud', 'aws', '--format', 'json']);
    const findings = (JSON.parse(after.stdout).findings as Array<{ kind: string; resource: string; unit?: string }>).filter((f) => f.resource === analytics || f.unit === 'analytics');
    expect(findings.map((f) => f.kind)).toEqual(['lifecycle-mismatch']);
    expect(await runCli(['adopt', ...options(), '--execute'])).toMatchObject({ code: 0, stdout: 'nothing to adopt: every account belongs to a unit\n' });
  });
});
