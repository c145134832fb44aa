import { buildModel } from '../../lib/model';
import { cloudClients, cloudsFor } from '../../lib/operations/config';
import { auditSettings } from '../../lib/operations/ledger';
import * as path from 'node:path';
import { demoModel } from './support/fixtures';

describe('command configuration', () => {
  test('--cloud all means the clouds organization.yaml configures', () => {
    expect(cloudsFor(demoModel(), 'all')).toEqual(['aws', 'azure']);
    const awsOnly = demoModel();
    const org = { ...awsOnly.catalog.organization, spec: { ...awsOnly.catalog.organization.spec, azure: undefined } };
    expect(cloudsFor(buildModel({ ...awsOnly.catalog, organization: org }), 'all')).toEqual(['aws']);
  });

  test('fails for a cloud organization.yaml does not configure', () => {
    const m = demoModel();
    const org = { ...m.catalog.organization, spec: { ...m.catalog.organization.spec, azure: undefined } };
    expect(() => cloudsFor(buildModel({ ...m.catalog, organization: org }), 'azure')).toThrow(/no azure section/);
  });

  test('both clouds share one gate; the ARM endpoint comes from VEND_ARM_ENDPOINT', () => {
    const clients = cloudClients(demoModel(), ['aws', 'azure'], { env: { VEND_ARM_ENDPOINT: 'https://127.0.0.1:1/', VEND_ARM_TOKEN: 'x' } });
    expect(clients.aws!.gate).toBe(clients.gate);
    expect(clients.azure!.gate).toBe(clients.gate);
    expect(clients.azure!.endpoint).toBe('https://127.0.0.1:1');
    expect(clients.azure!.tenantId).toBe('00000000-0000-4000-8000-000000000001');
  });

  test('the ledger path comes from --ledger, else VEND_AUDIT_LEDGER, else .vend/ beside the catalog, never from the working directory alone', () => {
    expect(auditSettings({ ledger: '/srv/x.jsonl', env: { VEND_AUDIT_LEDGER: '/srv/y' } }).ledger).toBe('/srv/x.jsonl');
    expect(auditSettings({ env: { VEND_AUDIT_LEDGER: '/srv/y' } }).ledger).toBe('/srv/y');
    expect(auditSettings({ env: { VEND_AUDIT_LEDGER: '  ' }, catalogDir: '/work/acme/catalog' }).ledger).toBe('/work/acme/.vend/audit.jsonl');
    expect(path.isAbsolute(auditSettings({ ledger: 'rel.jsonl', env: {} }).ledger)).toBe(true);
  });

  test('the anchor, signing key and locks default to files beside the ledger, and say so', () => {
    const local = auditSettings({ ledger: '/srv/audit/l.jsonl', env: {} });
    expect(local).toMatchObject({ anchor: '/srv/audit/l.jsonl.anchor.json', signingKey: '/srv/audit/audit-signing-key.pem', locks: '/srv/audit/locks' });
    expect(local.localDefaults).toEqual(['VEND_AUDIT_ANCHOR', 'VEND_AUDIT_SIGNING_KEY', 'VEND_LOCKS']);
    const pipeline = auditSettings({
      ledger: '/srv/audit/l.jsonl',
      env: { VEND_AUDIT_ANCHOR: 's3://acme-audit/audit.anchor.json', VEND_AUDIT_SIGNING_KEY: 'kms:alias/vend-audit', VEND_LOCKS: 's3://acme-locks/vend' },
    });
    expect(pipeline.localDefaults).toEqual([]);
  });
});
