import { buildModel, type VendModel } from '../../../lib/model';
import { closedPerLedger, recordedIds } from '../../../lib/operations/decommission/evidence';
import { unitLedgerRecords } from '../../../lib/operations/decommission/live-evidence';
import { describeUnit, refusal } from '../../../lib/operations/decommission/rules';
import type { LedgerEntry } from '../../../lib/operations/ledger';
import { decommissionedModel, demoModel } from '../support/fixtures';

let seq = 0;
const e = (unit: string, action: string, outcome: LedgerEntry['outcome'], target?: string): LedgerEntry =>
  ({ seq: ++seq, time: '2026-11-24T08:00:00.000Z', actor: 't', unit, action, outcome, target, prev: '', hash: '' }) as LedgerEntry;

describe('what the ledger says about a unit', () => {
  test('closed: a closure (AWS) or cancel (Azure) done, or a complete run; nothing else', () => {
    const entries = [e('u', 'decommission.close', 'started', '1'), e('u', 'decommission.close', 'queued', '1'), e('v', 'decommission.cancel', 'done', 's'), e('w', 'decommission', 'done', '2'), e('x', 'decommission.revoke-trust', 'done', '3')];
    expect(closedPerLedger(entries, 'u', 'aws')).toBeUndefined();
    expect(closedPerLedger(entries, 'v', 'azure')).toMatchObject({ target: 's' });
    expect(closedPerLedger(entries, 'v', 'aws')).toBeUndefined();
    expect(closedPerLedger(entries, 'w', 'aws')).toMatchObject({ target: '2' });
    expect(closedPerLedger(entries, 'x', 'aws')).toBeUndefined();
    expect(closedPerLedger([...entries, e('u', 'decommission.close', 'done', '1')], 'u', 'aws')).toMatchObject({ target: '1' });
  });

  test('recorded ids come from the unit\'s decommission entries and from the inventory tags, each once', () => {
    const inventory = {
      apiVersion: 'vend/v1' as const,
      kind: 'Inventory' as const,
      aws: { organizationalUnits: [], accounts: [{ id: '1', name: 'u', email: 'u@x', status: 'ACTIVE' as const, ouPath: 'a', tags: { 'vend:unit': 'u' } }, { id: '9', name: 'z', email: 'z@x', status: 'ACTIVE' as const, ouPath: 'a', tags: { 'vend:unit': 'z' } }] },
      azure: { managementGroups: [], subscriptions: [{ id: 's', displayName: 'u', state: 'Enabled' as const, managementGroupId: 'g', tags: { 'vend:unit': 'u' } }] },
    };
    const entries = [e('u', 'decommission', 'requested', '1'), e('u', 'decommission.close', 'started', '2'), e('u', 'inventory', 'done', '7'), e('other', 'decommission', 'requested', '8')];
    expect(recordedIds(entries, inventory, 'u', 'aws')).toEqual([{ id: '1', source: 'ledger' }, { id: '2', source: 'ledger' }]);
    expect(recordedIds([], inventory, 'u', 'aws')).toEqual([{ id: '1', source: 'inventory' }]);
    expect(recordedIds([], inventory, 'u', 'azure')).toEqual([{ id: 's', source: 'inventory' }]);
    expect(recordedIds([], undefined, 'u', 'aws')).toEqual([]);
    expect(recordedIds([], undefined, 'u', 'azure')).toEqual([]);
  });

  test('per unit for validate: started and closed ids; a run that found nothing live ends what was started', () => {
    const records = unitLedgerRecords([
      e('a', 'decommission', 'requested', '1'),
      e('a', 'decommission.close', 'done', '1'),
      e('b', 'decommission', 'requested', '2'),
      e('b', 'decommission.close', 'queued', '2'),
      e('c', 'decommission', 'requested', '3'),
      e('c', 'decommission', 'skipped'),
      e('d', 'decommission.cancel', 'done', 's'),
      e('e', 'drift', 'done', '5'),
      e('f', 'decommission', 'requested', '6'),
      e('f', 'decommission', 'done', '6'),
      e('g', 'decommission', 'requested', '7'),
      e('g', 'decommission.revoke-trust', 'skipped'),
      e('h', 'decommission', 'requested', '8'),
      e('h', 'decommission.revoke-trust', 'done', '8'),
    ]);
    expect(Object.fromEntries(records)).toEqual({
      a: { started: ['1'], closed: ['1'] },
      b: { started: ['2'], closed: [] },
      c: { started: ['3'], closed: ['3'] },
      d: { started: [], closed: ['s'] },
      f: { started: ['6'], closed: ['6'] },
      g: { started: ['7'], closed: [] },
      h: { started: ['8'], closed: [] },
    });
  });
});

describe('what decommission refuses', () => {
  const allow = (model: VendModel, decommission: Record<string, unknown>) =>
    buildModel({ ...model.catalog, organization: { ...model.catalog.organization, spec: { ...model.catalog.organization.spec, decommission } } });

  test.each<[string, VendModel, string, RegExp | undefined]>([
    ['an unknown unit', demoModel(), 'nope', /unit 'nope' is not in the catalog/],
    ['an active unit', demoModel(), 'space-eu-acme-prod', /is active in the catalog; set 'lifecycle: decommissioned' in .*space-eu-acme-prod.yaml/],
    ['a decommissioned Space', demoModel(), 'space-eu-legacy-dev', undefined],
    ['a ControlPlane unit', decommissionedModel(demoModel(), 'control-plane-aws-prod'), 'control-plane-aws-prod', /ControlPlane unit; .* must list ControlPlane/],
    ['a Central unit', allow(decommissionedModel(demoModel(), 'central-aws-prod'), { allowProtectedUnits: true }), 'central-aws-prod', /is a Central unit; organization.yaml decommission.allowProtectedKinds must list Central/],
    ['a Central unit when only ControlPlane is allowed', allow(decommissionedModel(demoModel(), 'central-aws-prod'), { allowProtectedKinds: ['ControlPlane'], allowProtectedUnits: true }), 'central-aws-prod', /Central unit/],
    ['a ControlPlane unit its kind allowed, protected', allow(decommissionedModel(demoModel(), 'control-plane-aws-prod'), { allowProtectedKinds: ['ControlPlane'] }), 'control-plane-aws-prod', /is protected/],
    ['a ControlPlane unit allowed both ways', allow(decommissionedModel(demoModel(), 'control-plane-aws-prod'), { allowProtectedKinds: ['ControlPlane'], allowProtectedUnits: true }), 'control-plane-aws-prod', undefined],
    ['a protected Space', decommissionedModel(demoModel(), 'space-eu-shared-dev', { protected: true }), 'space-eu-shared-dev', /is protected; organization.yaml decommission.allowProtectedUnits must be true/],
    ['a protected Space the organization allows', allow(decommissionedModel(demoModel(), 'space-eu-shared-dev', { protected: true }), { allowProtectedUnits: true }), 'space-eu-shared-dev', undefined],
  ])('%s', (_what, model, unit, message) => {
    const why = refusal(model, unit);
    if (message) expect(why).toMatch(message);
    else expect(why).toBeUndefined();
  });

  test('describes a unit for people', () => {
    expect(describeUnit(demoModel().unit('space-eu-legacy-dev')!)).toBe('space-eu-legacy-dev (Space, aws, dev)');
  });
});

describe('the live evidence validate weighs', () => {
  const { liveEvidence } = require('../../../lib/operations/decommission/live-evidence') as typeof import('../../../lib/operations/decommission/live-evidence');
  const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  const { tempAudit } = require('../support/fixtures') as typeof import('../support/fixtures');

  test('none without an inventory or a ledger', async () => {
    expect(await liveEvidence({})).toEqual({ diagnostics: [] });
  });

  test('an inventory that does not load gives its own diagnostics', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vend-inv-')), 'inv.json');
    writeFileSync(file, '{"apiVersion":"vend/v1"');
    const out = await liveEvidence({ inventory: file });
    expect(out.diagnostics).toEqual([expect.objectContaining({ code: 'json-syntax', severity: 'error', line: 1 })]);
    expect(out.evidence).toEqual({ inventory: undefined, ledger: undefined });
  });

  test('a ledger is read only once it verifies; a missing one is a diagnostic on its file', async () => {
    const missing = tempAudit().ledger;
    expect((await liveEvidence({ ledger: missing })).diagnostics).toEqual([
      { code: 'ledger-unverified', severity: 'error', file: missing.file, line: 0, path: '', message: 'the audit ledger cannot be trusted: it does not exist' },
    ]);
    const broken = tempAudit().ledger;
    await broken.append({ actor: 't', action: 'decommission', unit: 'u', target: '1', outcome: 'requested' });
    writeFileSync(broken.file, '{"x":1}\n');
    expect((await liveEvidence({ ledger: broken })).diagnostics[0].message).toMatch(/cannot be trusted: .*:1: content does not match its hash \(edited\); .*:1: previous-hash link broken/);
    const { ledger } = tempAudit();
    await ledger.append({ actor: 't', action: 'decommission', unit: 'u', target: '1', outcome: 'requested' });
    const ok = await liveEvidence({ ledger });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.evidence?.ledger?.get('u')).toEqual({ started: ['1'], closed: [] });
  });
});

describe('ids recorded for a unit, from an inventory without that cloud', () => {
  test('a snapshot of the other cloud records nothing', () => {
    const awsOnly = { apiVersion: 'vend/v1' as const, kind: 'Inventory' as const, aws: { organizationalUnits: [], accounts: [] } };
    const azureOnly = { apiVersion: 'vend/v1' as const, kind: 'Inventory' as const, azure: { managementGroups: [], subscriptions: [] } };
    expect(recordedIds([], azureOnly, 'u', 'aws')).toEqual([]);
    expect(recordedIds([], awsOnly, 'u', 'azure')).toEqual([]);
  });
});
