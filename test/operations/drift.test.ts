import { API_VERSION, type Inventory } from '../../lib/model';
import { computeDrift, DRIFT_KINDS, formatDrift } from '../../lib/operations/drift';
import { demoModel } from './support/fixtures';

/** An inventory exactly as the catalog wants it, built from the model. */
function inSync(): Inventory {
  const model = demoModel();
  const controls = model.catalog.controls;
  const { policyAssignmentName, scpName } = require('../../lib/model') as typeof import('../../lib/model');
  return {
    apiVersion: API_VERSION,
    kind: 'Inventory',
    aws: {
      managementAccountId: '111111111111',
      organizationalUnits: model.hierarchy.nodes.map((n, i) => ({ id: `ou-${i}`, path: n.aws.path, policies: n.controls.filter((c) => controls.get(c)?.scp).map(scpName).sort() })),
      accounts: model.units
        .filter((u) => u.cloud === 'aws')
        .map((u, i) => ({
          id: String(200000000000 + i),
          name: u.name,
          email: u.identity,
          status: u.lifecycle === 'active' ? ('ACTIVE' as const) : ('SUSPENDED' as const),
          ouPath: model.hierarchy.node(u.placement).aws.path,
          tags: { ...u.tags },
        })),
      stacks: [],
    },
    azure: {
      managementGroups: model.hierarchy.nodes.map((n) => ({
        id: n.azure.id,
        ...(n.parentKey ? { parentId: model.hierarchy.node(n.parentKey).azure.id } : {}),
        policyAssignments: n.controls.filter((c) => controls.get(c)?.spec.azure).map(policyAssignmentName).sort(),
      })),
      subscriptions: model.units
        .filter((u) => u.cloud === 'azure')
        .map((u, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, displayName: u.name, alias: u.identity, state: 'Enabled' as const, managementGroupId: model.hierarchy.node(u.placement).azure.id, tags: { ...u.tags } })),
    },
  };
}

const kinds = (inv: Inventory) => computeDrift(demoModel(), inv).findings.map((f) => `${f.cloud}:${f.kind}:${f.unit ?? f.resource}`);

describe('drift', () => {
  test('an inventory that matches the catalog is in sync', () => {
    const report = computeDrift(demoModel(), inSync());
    expect(report.findings).toEqual([]);
    expect(report.inSync).toBe(true);
    expect(formatDrift(report, 'text')).toBe('in sync (aws, azure)');
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
});
