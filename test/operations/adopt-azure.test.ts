/**
 * `vend adopt --cloud azure` end to end against the local ARM server through the real SDK clients:
 * a tenant seeded as vend deployed it, plus two subscriptions made by hand (one under the tenant
 * root, one in the prod environment's group). Adopt writes their unit files (owners from the
 * mapping file: a subscription has no e-mail to take them from), merges the `vend:*` tags into the
 * tags the subscriptions already carry and moves them into their units' groups; afterwards
 * `vend drift --cloud azure` reports them as managed, and adopting again finds nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli';
import { fixtureCatalog, type FixtureCatalog } from '../model/support/catalog-fixture';
import { startArmServer, type ArmServer } from './support/arm-server';
import { localArmEnv, TENANT } from './support/azure';
import { demoModel } from './support/fixtures';
import { seedArm } from './support/seed-arm';

const LAB = '0b0b0b0b-1111-4222-8333-444444444444';
const BILLING = '0c0c0c0c-1111-4222-8333-555555555555';

let arm: ArmServer;
let fixture: FixtureCatalog;
let caDir: string;
const saved = { ...process.env };
beforeAll(async () => {
  arm = await startArmServer(TENANT);
  caDir = mkdtempSync(path.join(tmpdir(), 'vend-arm-ca-'));
  Object.assign(process.env, localArmEnv(arm, caDir));
});
afterAll(() => {
  arm?.close();
  rmSync(caDir, { recursive: true, force: true });
  process.env = saved;
});
beforeEach(() => {
  arm.reset();
  fixture = fixtureCatalog();
});
afterEach(() => fixture.cleanup());

const options = () => ['--catalog', fixture.dir, '--templates', fixture.templatesDir, '--policies', fixture.policiesDir, '--cloud', 'azure'];

describe('vend adopt --cloud azure', () => {
  test('writes unit files for unmanaged subscriptions, tags and moves them, after which drift reports them as managed', async () => {
    // Given a tenant as vend deployed it, plus two subscriptions made by hand
    seedArm(arm.state, demoModel());
    arm.state.subscriptions.set(LAB, { id: LAB, displayName: 'Data Lab', group: TENANT, state: 'Active', tags: { costcenter: '4711' } });
    arm.state.subscriptions.set(BILLING, { id: BILLING, displayName: 'Billing', group: 'acme-prod', state: 'Active', tags: {} });
    const before = await runCli(['drift', ...options(), '--format', 'json']);
    expect(JSON.parse(before.stdout).findings.filter((f: { kind: string }) => f.kind === 'unmanaged').map((f: { resource: string }) => f.resource).sort()).toEqual([BILLING, LAB].sort());

    // When: without owners for a subscription, nothing is planned; with a mapping, a dry run, then --execute
    const refused = await runCli(['adopt', ...options()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`subscription ${BILLING} 'Billing': give its owners in the mapping file`);
    const mapping = path.join(path.dirname(fixture.dir), 'adopt.yaml');
    writeFileSync(
      mapping,
      [
        'apiVersion: vend/v1',
        'kind: AdoptionMap',
        'accounts:',
        `  - { id: "${LAB}", name: space-we-lab-dev, environment: dev, owners: [lab@acme.example] }`,
        `  - { id: "${BILLING}", owners: [billing@acme.example] }`,
        '',
      ].join('\n'),
    );
    const dry = await runCli(['adopt', ...options(), '--mapping', mapping]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${LAB} 'Data Lab' → unit space-we-lab-dev`);
    expect(dry.stdout).toContain(`move ${TENANT} → acme-dev-spaces`);
    expect(dry.stdout).toContain(`${BILLING} 'Billing' → unit billing`);
    expect(dry.stdout).toContain('move acme-prod → acme-prod-spaces');
    expect(arm.state.subscriptions.get(LAB)!.group).toBe(TENANT);
    const done = await runCli(['adopt', ...options(), '--mapping', mapping, '--execute']);
    expect(done).toMatchObject({ code: 0 });

    // Then: unit files that name the existing subscriptions, a valid catalog, and the subscriptions
    // tagged (their own tags kept) in their units' groups
    const lab = readFileSync(path.join(fixture.dir, 'units', 'space-we-lab-dev.yaml'), 'utf8');
    expect(lab).toContain(`adopted: { id: "${LAB}" }`);
    expect(lab).toContain('cloud: azure');
    expect(readFileSync(path.join(fixture.dir, 'units', 'billing.yaml'), 'utf8')).toContain('environment: prod');
    expect(await runCli(['validate', '--catalog', fixture.dir, '--templates', fixture.templatesDir, '--policies', fixture.policiesDir])).toMatchObject({ code: 0 });
    expect(arm.state.subscriptions.get(LAB)).toMatchObject({ group: 'acme-dev-spaces', tags: { costcenter: '4711', 'vend:unit': 'space-we-lab-dev', 'vend:kind': 'Space', 'vend:environment': 'dev', 'vend:owners': 'lab@acme.example' } });
    expect(arm.state.subscriptions.get(BILLING)).toMatchObject({ group: 'acme-prod-spaces', tags: { 'vend:unit': 'billing' } });
    const after = await runCli(['drift', ...options(), '--format', 'json']);
    const findings = JSON.parse(after.stdout).findings as Array<{ kind: string; resource: string; unit?: string }>;
    expect(findings.filter((f) => [LAB, BILLING].includes(f.resource) || ['space-we-lab-dev', 'billing'].includes(f.unit ?? ''))).toEqual([]);

    // and adopting again finds nothing: it is idempotent
    expect(await runCli(['adopt', ...options(), '--mapping', mapping, '--execute'])).toMatchObject({ code: 0, stdout: 'nothing to adopt: every subscription belongs to a unit\n' });
  });
});
