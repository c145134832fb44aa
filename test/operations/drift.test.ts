import { ouPathSegment, type Inventory } from '../../lib/model';
import { computeDrift, DRIFT_KINDS, formatDrift } from '../../lib/operations/drift';
import { demoModel } from './support/fixtures';
import { inSyncInventory } from './support/in-sync-inventory';

const inSync = () => inSyncInventory(demoModel());

const kinds = (inv: Inventory) => computeDrift(demoModel(), inv).findings.map((f) => `${f.cloud}:${f.kind}:${f.unit ?? f.resource}`);

describe('drift', () => {
  test('an inventory that matches the catalog is in sync', () => {
    const report = computeDrift(demoModel(), inSync());
    expect(report.findings).toEqual([]);
    expect(report.inSync).toBe(true);
    expect(formatDrift(report, 'text')).toBe('in sync (read: aws, azure)');
  });

  test('reports a unit with no live account as missing', () => {
    const inv = inSync();
    inv.aws!.accounts = inv.aws!.accounts.filter((a) => a.tags['vend:unit'] !== 'pop-eu-dev');
    expect(kinds(inv)).toEqual(['aws:unit-missing:pop-eu-dev']);
  });

  test('reports untagged and unknown-tagged accounts and subscriptions as unmanaged, but not the management account', () => {
    const inv = inSync();
    inv.aws!.accounts.push({ id: '999999999999', name: 'x', email: 'x@y.z', status: 'ACTIVE', ouPath: 'acme', tags: {} });
    inv.aws!.accounts.push({ id: '111111111111', name: 'mgmt', email: 'm@y.z', status: 'ACTIVE', ouPath: '', tags: {} });
    inv.azure!.subscriptions.push({ id: 'sub-x', displayName: 'x', state: 'Enabled', managementGroupId: 'acme', tags: { 'vend:unit': 'gone-unit' } });
    expect(kinds(inv)).toEqual(['aws:unmanaged:999999999999', 'azure:unmanaged:sub-x']);
  });

  test('reports two live accounts for one unit as a duplicate', () => {
    const inv = inSync();
    const a = inv.aws!.accounts.find((x) => x.tags['vend:unit'] === 'pop-eu-dev')!;
    inv.aws!.accounts.push({ ...a, id: '888888888888' });
    expect(kinds(inv)).toContain('aws:duplicate-unit:pop-eu-dev');
  });

  test('reports a unit in the wrong OU and in the wrong management group', () => {
    const inv = inSync();
    inv.aws!.accounts.find((x) => x.tags['vend:unit'] === 'pop-eu-dev')!.ouPath = 'acme/prod/PoPs';
    inv.azure!.subscriptions.find((x) => x.tags['vend:unit'] === 'pop-we-dev')!.managementGroupId = 'acme-prod-pops';
    expect(kinds(inv)).toEqual(['aws:wrong-placement:pop-eu-dev', 'azure:wrong-placement:pop-we-dev']);
  });

  test('reports detached and extra guardrails, missing nodes and SCPs on accounts', () => {
    const inv = inSync();
    inv.aws!.organizationalUnits.find((o) => o.path === 'acme/Quarantine')!.policies = [];
    inv.aws!.organizationalUnits.find((o) => o.path === 'acme/dev')!.policies = ['allow-all'];
    inv.aws!.accounts[0].policies = ['vend-deny-all'];
    inv.azure!.managementGroups = inv.azure!.managementGroups.filter((g) => g.id !== 'acme-dev-pops');
    inv.azure!.managementGroups.find((g) => g.id === 'acme-prod-spaces')!.policyAssignments = [];
    expect(kinds(inv).sort()).toEqual(
      [
        'aws:guardrail-detached:acme/Quarantine',
        'aws:guardrail-extra:acme/dev',
        `aws:guardrail-extra:${inv.aws!.accounts[0].tags['vend:unit']}`,
        'azure:node-missing:acme-dev-pops',
        'azure:guardrail-detached:acme-prod-spaces',
      ].sort(),
    );
  });

  test('reports status that contradicts the lifecycle both ways', () => {
    const inv = inSync();
    inv.aws!.accounts.find((x) => x.tags['vend:unit'] === 'pop-eu-dev')!.status = 'SUSPENDED';
    const legacy = inv.aws!.accounts.find((x) => x.tags['vend:unit'] === 'space-eu-legacy-dev')!;
    legacy.status = 'ACTIVE';
    inv.azure!.subscriptions.find((x) => x.tags['vend:unit'] === 'pop-we-dev')!.state = 'Disabled';
    expect(kinds(inv)).toEqual(['aws:lifecycle-mismatch:pop-eu-dev', 'aws:lifecycle-mismatch:space-eu-legacy-dev', 'azure:lifecycle-mismatch:pop-we-dev']);
  });

  test.each([['SUSPENDED', 'Disabled'], ['PENDING_CLOSURE', 'Deleted'], ['PENDING_CLOSURE', 'Expired']] as const)(
    'counts an account %s and a subscription %s as closed: in sync for a decommissioned unit, a mismatch for an active one',
    (accountStatus, subscriptionState) => {
      const inv = inSync();
      inv.aws!.accounts.find((x) => x.tags['vend:unit'] === 'space-eu-legacy-dev')!.status = accountStatus;
      expect(kinds(inv)).toEqual([]);
      inv.aws!.accounts.find((x) => x.tags['vend:unit'] === 'pop-eu-dev')!.status = accountStatus;
      inv.azure!.subscriptions.find((x) => x.tags['vend:unit'] === 'pop-we-dev')!.state = subscriptionState;
      expect(kinds(inv)).toEqual(['aws:lifecycle-mismatch:pop-eu-dev', 'azure:lifecycle-mismatch:pop-we-dev']);
    },
  );

  test('reports drifted baseline stacks', () => {
    const inv = inSync();
    inv.aws!.stacks = [
      { name: 'vend-baseline-space/1/eu-west-1', account: '1', unit: 'space-eu-acme-prod', driftStatus: 'DRIFTED' },
      { name: 'vend-baseline-space/2/eu-west-1', account: '2', driftStatus: 'IN_SYNC' },
    ];
    expect(kinds(inv)).toEqual(['aws:baseline-drifted:space-eu-acme-prod']);
  });

  test('renders every kind in markdown and JSON', () => {
    const inv = inSync();
    inv.aws!.accounts = inv.aws!.accounts.filter((a) => a.tags['vend:unit'] !== 'pop-eu-dev');
    const report = computeDrift(demoModel(), inv);
    expect(formatDrift(report, 'markdown')).toContain('### Units missing (1)');
    expect(JSON.parse(formatDrift(report, 'json'))).toMatchObject({ inSync: false, count: 1, findings: [{ kind: 'unit-missing' }] });
    expect(DRIFT_KINDS).toHaveLength(9);
  });

  test('names an unmanaged account by name, e-mail and path, and links a missing unit to the untagged account using its e-mail', () => {
    const inv = inSync();
    const pop = inv.aws!.accounts.find((a) => a.tags['vend:unit'] === 'pop-eu-dev')!;
    pop.tags = {};
    inv.aws!.accounts.push({ id: '889007719297', name: 'sandbox-manual', email: 'sandbox@acme.example', status: 'ACTIVE', ouPath: '', tags: {} });
    const report = computeDrift(demoModel(), inv, ['aws']);
    expect(report.findings.map((f) => f.message)).toEqual([
      `unit pop-eu-dev has no account tagged vend:unit=pop-eu-dev; account ${pop.id} 'pop-eu-dev' <pop-eu-dev@aws.acme.example> in acme/dev/PoPs already uses its e-mail without the tag (vend adopt)`,
      `account ${pop.id} 'pop-eu-dev' <pop-eu-dev@aws.acme.example> in acme/dev/PoPs has no vend:unit tag and is not managed by the catalog; it uses the e-mail of unit pop-eu-dev: tag it vend:unit=pop-eu-dev (vend adopt) to manage it`,
      "account 889007719297 'sandbox-manual' <sandbox@acme.example> in (root) has no vend:unit tag and is not managed by the catalog",
    ]);
    expect(report.findings[2].live).toEqual({ id: '889007719297', name: 'sandbox-manual', email: 'sandbox@acme.example', path: '' });
  });

  test('says which clouds it read and claims nothing about the others', () => {
    const inv = inSync();
    delete inv.azure;
    const report = computeDrift(demoModel(), inv, ['aws', 'azure']);
    expect(report).toMatchObject({ clouds: ['aws'], notRead: ['azure'], inSync: true });
    expect(formatDrift(report, 'text')).toBe('in sync (read: aws; not read (nothing is claimed about them): azure)');
  });

  test('compares placement by OU id, so an OU named like a path cannot hide a moved account', () => {
    const inv = inSync();
    // a rogue OU literally named "prod/Spaces" under acme, its path escaped by the inventory reader
    inv.aws!.organizationalUnits.push({ id: 'ou-rogue', path: `acme/${ouPathSegment('prod/Spaces')}`, policies: [] });
    const space = inv.aws!.accounts.find((a) => a.tags['vend:unit'] === 'space-eu-acme-prod')!;
    const real = inv.aws!.organizationalUnits.find((o) => o.path === space.ouPath)!;
    space.ouId = 'ou-rogue';
    expect(kinds(inv)).toEqual(['aws:wrong-placement:space-eu-acme-prod']);
    space.ouId = real.id;
    expect(kinds(inv)).toEqual([]);
    expect(ouPathSegment('prod/Spaces')).toBe('prod%2FSpaces');
  });

  test('keeps names read from the clouds inert in markdown: no heading, link, image or mention', () => {
    const inv = inSync();
    const evil = 'x\n\n## URGENT [runbook](https://evil.example/login) @acme/security <img src="https://evil.example/p.png"> `|';
    inv.aws!.organizationalUnits.find((o) => o.path === 'acme/prod')!.policies.push(evil);
    const markdown = formatDrift(computeDrift(demoModel(), inv, ['aws']), 'markdown');
    const row = markdown.split('\n').find((l) => l.includes('URGENT'))!;
    expect(markdown.split('\n').filter((l) => l.startsWith('#')).map((l) => l.split(' (')[0])).toEqual(['## vend drift: 1 finding(s)', '### Guardrails attached that the catalog does not place']);
    // the whole finding sits in one code span: nothing in it renders as markup
    expect(row).toMatch(/^\| aws \| {2}\| `acme\/prod` \| `[^`]*URGENT[^`]*` \|$/);
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });
});
