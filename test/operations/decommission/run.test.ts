/**
 * The orchestration of `vend decommission` with the cloud readers and steps replaced by fakes: what
 * is refused before anything is touched, what the ledger records, which account the steps are
 * built for, and who is recorded as the actor. (The moto and ARM scenarios run the real ones.)
 */
import { writeFileSync } from 'node:fs';
import type { LifecycleStep } from '../../../lib/model';
import type { Candidate, IdentityEvidence } from '../../../lib/operations/decommission/identity';
import type { Step } from '../../../lib/operations/decommission/engine';
import { decommission, DecommissionRefused, type DecommissionOptions } from '../../../lib/operations/decommission/run';
import { decommissionedModel, demoModel, tempAudit } from '../support/fixtures';

jest.mock('../../../lib/operations/aws/decommission', () => ({ awsIdentityEvidence: jest.fn(), awsDecommissionSteps: jest.fn() }));
jest.mock('../../../lib/operations/azure/decommission', () => ({ azureIdentityEvidence: jest.fn(), azureDecommissionSteps: jest.fn() }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aws = require('../../../lib/operations/aws/decommission') as { awsIdentityEvidence: jest.Mock; awsDecommissionSteps: jest.Mock };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const azure = require('../../../lib/operations/azure/decommission') as { azureIdentityEvidence: jest.Mock; azureDecommissionSteps: jest.Mock };

const UNIT = 'space-eu-legacy-dev';
const IDENTITY = 'space-eu-legacy-dev@aws.acme.example';
const real: Candidate = { id: '111111111111', name: UNIT, identity: IDENTITY, status: 'ACTIVE', placementId: 'ou-q', placement: 'acme/Quarantine', tag: UNIT };
const evidence = (candidates: Candidate[]): IdentityEvidence => ({ unit: { name: UNIT, identity: IDENTITY }, home: { id: 'ou-h', path: 'acme/dev/Spaces' }, quarantine: { id: 'ou-q', path: 'acme/Quarantine' }, candidates, recorded: [] });
const step = (id: string, done: boolean): Step => ({
  spec: { id, title: id, runs: 'cli', cloud: 'aws', principal: 'member-access-role', placement: 'quarantine', scope: 'all', check: '', act: '', requires: [], calls: [] } as LifecycleStep,
  inspect: async () => ({ done, detail: done ? `${id} done` : `${id} to do` }),
  apply: async () => undefined,
});
const fakeAws = (arn: string | Error = 'arn:aws:sts::123456789012:assumed-role/VendPipelineRole/ci') => ({ callerArn: async () => (arn instanceof Error ? Promise.reject(arn) : arn) }) as never;

function options(over: Partial<DecommissionOptions> = {}): DecommissionOptions {
  return { model: demoModel(), unit: UNIT, ...tempAudit(), aws: fakeAws(), ...over };
}

beforeEach(() => {
  jest.clearAllMocks();
  aws.awsIdentityEvidence.mockResolvedValue(evidence([real]));
  aws.awsDecommissionSteps.mockReturnValue([step('close', true)]);
});

describe('vend decommission, orchestrated', () => {
  test('a refusal touches no cloud; executed, it is recorded with the local actor, unverified', async () => {
    const o = options({ unit: 'space-eu-acme-prod', execute: true, confirm: 'space-eu-acme-prod', aws: undefined });
    await expect(decommission(o)).rejects.toThrow(DecommissionRefused);
    expect(o.ledger.entries()).toEqual([expect.objectContaining({ action: 'decommission', outcome: 'refused', unit: 'space-eu-acme-prod', actor: expect.stringMatching(/\(unverified\)$/) })]);
    const dry = options({ unit: 'space-eu-acme-prod' });
    const error = await decommission(dry).catch((e) => e);
    expect(error).toMatchObject({ name: 'DecommissionRefused', message: expect.stringMatching(/is active in the catalog/) });
    expect(dry.ledger.entries()).toEqual([]);
    expect(aws.awsIdentityEvidence).not.toHaveBeenCalled();
  });

  test('a refusal is appended to a ledger that already holds entries', async () => {
    const o = options({ unit: 'space-eu-acme-prod', execute: true, confirm: 'space-eu-acme-prod' });
    await o.ledger.append({ actor: 'x', action: 'decommission', outcome: 'requested' });
    await expect(decommission(o)).rejects.toThrow(DecommissionRefused);
    expect(o.ledger.entries().map((e) => e.outcome)).toEqual(['requested', 'refused']);
  });

  test('a refusal is not appended to a ledger that fails verification', async () => {
    const o = options({ unit: 'space-eu-acme-prod', execute: true, confirm: 'space-eu-acme-prod' });
    await o.ledger.append({ actor: 'x', action: 'decommission', outcome: 'requested' });
    writeFileSync(o.ledger.file, '{"edited":true}\n');
    await expect(decommission(o)).rejects.toThrow(/is active in the catalog/);
    expect(o.ledger.entries()).toEqual([{ edited: true }]);
  });

  test('--execute without the unit named in --confirm is refused, saying what it got', async () => {
    await expect(decommission(options({ execute: true }))).rejects.toThrow(`--execute needs --confirm ${UNIT} (got none)`);
    await expect(decommission(options({ execute: true, confirm: 'x' }))).rejects.toThrow(`--execute needs --confirm ${UNIT} (got 'x')`);
  });

  test('a ledger that fails verification stops the run before any cloud is read', async () => {
    const o = options({ execute: true, confirm: UNIT });
    await o.ledger.append({ actor: 'x', action: 'decommission', outcome: 'requested' });
    writeFileSync(o.ledger.file, '{"edited":true}\n');
    await expect(decommission(o)).rejects.toThrow(/^the audit ledger fails verification, so nothing is done:\n  .*:1: content does not match its hash \(edited\)\n  .*:1: previous-hash link broken/);
    expect(aws.awsIdentityEvidence).not.toHaveBeenCalled();
  });

  test('a new ledger is announced; an append a crash cut short is completed before acting', async () => {
    const logs: string[] = [];
    const o = options({ execute: true, confirm: UNIT, actor: 't', log: (m) => logs.push(m) });
    await decommission(o);
    expect(logs[0]).toBe(`starting a new audit ledger at ${o.ledger.file} (anchor ${o.ledger.anchorLocation})`);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(o.ledger.file, 'utf8');
    writeFileSync(o.ledger.file, text.slice(0, -20));
    const later: string[] = [];
    const rerun = await decommission({ ...o, log: (m) => later.push(m) });
    expect(rerun.steps[0].step).toBe('closed');
    expect((await o.ledger.inspect()).condition).toBe('ok');
    expect(later.filter((m) => m.startsWith('starting a new audit ledger'))).toEqual([]);
  });

  test('a dry run leaves an interrupted ledger as it is', async () => {
    const o = options({ execute: true, confirm: UNIT, actor: 't' });
    await decommission(o);
    const { readFileSync } = await import('node:fs');
    writeFileSync(o.ledger.file, readFileSync(o.ledger.file, 'utf8').slice(0, -20));
    await decommission({ ...o, execute: false, confirm: undefined });
    expect((await o.ledger.inspect()).condition).toBe('interrupted');
  });

  test('a unit the ledger shows closed is never acted on again, and the rerun is recorded', async () => {
    const o = options({ execute: true, confirm: UNIT, actor: 't' });
    await o.ledger.append({ actor: 'earlier', action: 'decommission.close', unit: UNIT, target: '111111111111', outcome: 'done' });
    const report = await decommission(o);
    expect(report).toMatchObject({ complete: true, target: '111111111111', steps: [{ step: 'closed', title: 'Already out of service', status: 'done', detail: expect.stringMatching(/^closed per the audit ledger: 111111111111 at .* \(entry 1\); nothing is acted on again$/) }] });
    expect(aws.awsIdentityEvidence).not.toHaveBeenCalled();
    expect(o.ledger.entries()[1]).toMatchObject({ action: 'decommission', outcome: 'skipped', target: '111111111111', actor: 't', detail: { reason: report.steps[0].detail } });
    expect(report.steps[0].actions).toEqual([]);
    const dry = await decommission({ ...o, execute: false });
    expect(dry.steps[0].step).toBe('closed');
    expect(o.ledger.entries()).toHaveLength(2);
  });

  test('a closure recorded without its account still ends the unit', async () => {
    const o = options({ actor: 't' });
    await o.ledger.append({ actor: 'earlier', action: 'decommission', unit: UNIT, outcome: 'done' });
    expect((await decommission(o)).steps[0].detail).toMatch(/^closed per the audit ledger: its account at /);
  });

  test('an ambiguous identity in a dry run is refused too, and nothing is written', async () => {
    aws.awsIdentityEvidence.mockResolvedValue(evidence([real, { ...real, id: '222222222222', identity: 'x@y' }]));
    const o = options();
    await expect(decommission(o)).rejects.toThrow(DecommissionRefused);
    expect(o.ledger.entries()).toEqual([]);
  });

  test('an ambiguous identity is refused naming every candidate, recorded, and no step is built', async () => {
    aws.awsIdentityEvidence.mockResolvedValue(evidence([real, { ...real, id: '222222222222', identity: 'x@y' }]));
    const o = options({ execute: true, confirm: UNIT, actor: 't' });
    await expect(decommission(o)).rejects.toThrow(/2 accounts claim vend:unit=space-eu-legacy-dev[\s\S]*222222222222/);
    expect(aws.awsDecommissionSteps).not.toHaveBeenCalled();
    expect(o.ledger.entries()[0]).toMatchObject({ outcome: 'refused', detail: { candidates: [expect.objectContaining({ id: '111111111111' }), expect.objectContaining({ id: '222222222222' })] } });
  });

  test('nothing live: nothing to do, recorded as such', async () => {
    aws.awsIdentityEvidence.mockResolvedValue(evidence([]));
    const o = options({ execute: true, confirm: UNIT, actor: 't' });
    const report = await decommission(o);
    expect(report).toMatchObject({ complete: true, queued: false, awaitingDeploy: false, ledger: o.ledger.file, steps: [{ step: 'identify', title: 'Find the live resource', runs: 'cli', status: 'done' }] });
    expect(o.ledger.entries()).toEqual([expect.objectContaining({ action: 'decommission', outcome: 'skipped', actor: 't', detail: { reason: expect.stringMatching(/no account or subscription has the identity/) } })]);
    const dry = options();
    await decommission(dry);
    expect(dry.ledger.entries()).toEqual([]);
  });

  test('the steps are built for the one account, after a request that names it, with the caller as actor', async () => {
    const o = options({ execute: true, confirm: UNIT, pollMs: 7 });
    const report = await decommission(o);
    expect(report).toMatchObject({ complete: true, target: '111111111111', execute: true });
    expect(aws.awsDecommissionSteps).toHaveBeenCalledWith(expect.objectContaining({ account: { id: '111111111111', name: UNIT, email: IDENTITY }, pollMs: 7, ledger: o.ledger, locks: o.locks }));
    expect(o.ledger.entries()[0]).toMatchObject({
      action: 'decommission',
      outcome: 'requested',
      target: '111111111111',
      actor: 'arn:aws:sts::123456789012:assumed-role/VendPipelineRole/ci',
      detail: { identity: IDENTITY, name: UNIT, status: 'ACTIVE', placement: 'acme/Quarantine' },
    });
  });

  test('a dry run asks nobody who is calling and records nothing', async () => {
    let asked = 0;
    const o = options({ aws: { callerArn: async () => (asked++, 'x') } as never });
    await decommission(o);
    expect(asked).toBe(0);
    expect(o.ledger.entries()).toEqual([]);
  });

  test('without a caller identity --execute is refused before anything is requested or acted on, and the refusal is recorded', async () => {
    const logs: string[] = [];
    const o = options({ execute: true, confirm: UNIT, aws: fakeAws(new Error('ExpiredToken\nmore')), log: (m) => logs.push(m) });
    await expect(decommission(o)).rejects.toThrow(new DecommissionRefused("--execute needs the caller's AWS identity (STS GetCallerIdentity) for the audit ledger, and it could not be read; nothing is done"));
    expect(logs).toContain('caller identity unavailable (ExpiredToken)');
    expect(aws.awsDecommissionSteps).not.toHaveBeenCalled();
    expect(o.ledger.entries()).toEqual([expect.objectContaining({ outcome: 'refused', actor: expect.stringMatching(/\(unverified\)$/) })]);
    // An identity the cloud cannot name (no ARN) is refused the same way; a given actor is used as is.
    const nameless = options({ execute: true, confirm: UNIT, aws: { callerArn: async () => undefined } as never });
    await expect(decommission(nameless)).rejects.toThrow(/could not be read/);
    await expect(decommission(options({ execute: true, confirm: UNIT, aws: fakeAws(new Error('ExpiredToken')), actor: 'ci' }))).resolves.toMatchObject({ complete: true });
  });

  test('holds the unit lock for the whole run: a second run of the same unit is refused meanwhile, and the lock is released after', async () => {
    const o = options({ execute: true, confirm: UNIT, actor: 't' });
    let inner: Promise<unknown> | undefined;
    aws.awsDecommissionSteps.mockImplementation(() => {
      inner = decommission({ ...o });
      return [step('close', true)];
    });
    await decommission(o);
    await expect(inner).rejects.toThrow(/unit\/aws\/space-eu-legacy-dev is locked by .* \(decommission space-eu-legacy-dev\)/);
    aws.awsDecommissionSteps.mockReturnValue([step('close', true)]);
    await expect(decommission({ ...o, unit: UNIT })).resolves.toMatchObject({ steps: [{ step: 'closed' }] });
  });

  test('stops acting once the unit lock is about to expire', async () => {
    aws.awsDecommissionSteps.mockReturnValue([step('revoke', false)]);
    const report = await decommission(options({ execute: true, confirm: UNIT, actor: 't', unitLockTtlMs: 10_000 }));
    expect(report.error).toMatch(/the lock unit\/aws\/space-eu-legacy-dev expires at .*; stopping before another run may break it/);
  });

  test('Azure: the subscription behind the alias, the caller from the token', async () => {
    const unit = 'space-we-shared-dev';
    const model = decommissionedModel(demoModel(), unit);
    azure.azureIdentityEvidence.mockResolvedValue({ ...evidence([{ ...real, id: 'sub-1', name: 'acme-space-we-shared-dev', identity: 'acme-space-we-shared-dev', tag: unit }]), unit: { name: unit, identity: 'acme-space-we-shared-dev' } });
    azure.azureDecommissionSteps.mockReturnValue([step('cancel', true)]);
    const o = options({ model, unit, execute: true, confirm: unit, aws: fakeAws('arn:aws:sts::1:assumed-role/wrong-cloud'), azure: { principal: async () => 'azure:vend-pipeline@acme.example' } as never });
    const report = await decommission(o);
    expect(report).toMatchObject({ cloud: 'azure', target: 'sub-1', complete: true });
    expect(azure.azureDecommissionSteps).toHaveBeenCalledWith(expect.objectContaining({ subscription: { id: 'sub-1', displayName: 'acme-space-we-shared-dev' } }));
    expect(o.ledger.entries()[0].actor).toBe('azure:vend-pipeline@acme.example');
  });

  test('Azure: without the caller from the token --execute is refused, naming the ARM token; a run without a log is refused alike', async () => {
    const unit = 'space-we-shared-dev';
    const model = decommissionedModel(demoModel(), unit);
    azure.azureIdentityEvidence.mockResolvedValue({ ...evidence([{ ...real, id: 'sub-1', name: 'acme-space-we-shared-dev', identity: 'acme-space-we-shared-dev', tag: unit }]), unit: { name: unit, identity: 'acme-space-we-shared-dev' } });
    azure.azureDecommissionSteps.mockReturnValue([step('cancel', true)]);
    const noToken = { principal: async () => Promise.reject(new Error('CredentialUnavailableError')) } as never;
    const o = options({ model, unit, execute: true, confirm: unit, azure: noToken });
    await expect(decommission(o)).rejects.toThrow(new DecommissionRefused("--execute needs the caller's Azure identity (the ARM token) for the audit ledger, and it could not be read; nothing is done"));
    expect(azure.azureDecommissionSteps).not.toHaveBeenCalled();
    expect(o.ledger.entries()).toEqual([expect.objectContaining({ outcome: 'refused' })]);
    // no log function: the failed identity read is still a refusal, not a crash in the reporting of it
    const quiet = options({ execute: true, confirm: UNIT, aws: fakeAws(new Error('ExpiredToken')), log: undefined });
    await expect(decommission(quiet)).rejects.toThrow(DecommissionRefused);
  });

  test('an AWS unit asks AWS who is calling even when Azure clients are there too', async () => {
    const o = options({ execute: true, confirm: UNIT, azure: { principal: async () => 'azure:wrong-cloud' } as never });
    await decommission(o);
    expect(o.ledger.entries()[0].actor).toBe('arn:aws:sts::123456789012:assumed-role/VendPipelineRole/ci');
  });

  test('fails plainly without the clients of the unit\'s cloud', async () => {
    await expect(decommission(options({ aws: undefined }))).rejects.toThrow('no AWS clients configured');
    const model = decommissionedModel(demoModel(), 'space-we-shared-dev');
    await expect(decommission(options({ model, unit: 'space-we-shared-dev' }))).rejects.toThrow('no Azure clients configured');
  });
});
