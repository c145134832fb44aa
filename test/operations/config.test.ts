import { buildModel } from '../../lib/model';
import { cloudClients, cloudsFor, ledgerPath } from '../../lib/operations/config';
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

  test('the ledger path comes from --ledger, else VEND_AUDIT_LEDGER, else .vend/audit.jsonl', () => {
    expect(ledgerPath('x.jsonl', { VEND_AUDIT_LEDGER: 'y' })).toBe('x.jsonl');
    expect(ledgerPath(undefined, { VEND_AUDIT_LEDGER: 'y' })).toBe('y');
    expect(ledgerPath(undefined, {})).toBe('.vend/audit.jsonl');
  });
});
