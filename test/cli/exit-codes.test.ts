/**
 * The exit-code contract, end to end: every command `buildProgram()` registers has a row in the
 * README's exit-code table, and is run here through the real entry point, main(), into each exit
 * code its row lists (and only those). A new command without a row, or a row claiming a code no
 * case produces, fails this file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { buildProgram, leafCommands } from '../../lib/cli/main';
import { jsonSchemas } from '../../lib/model/json-schema';
import { auditSettings, openLedger } from '../../lib/operations/ledger';
import { deployDecommissioned } from '../../lib/operations/testing/deploy-decommissioned';
import { seedAws } from '../../lib/operations/testing/seed-aws';
import { fixtureCatalog, type FixtureCatalog } from '../model/support/catalog-fixture';
import { demoModel, localAws } from '../operations/support/fixtures';
import { inSyncInventory } from '../operations/support/in-sync-inventory';
import { catalogManagedFrom, seedManagementAccount } from '../operations/support/management-account';
import { startFaultProxy, type FaultProxy } from '../operations/support/fault-proxy';
import { motoEnv, startMoto, type MotoServer } from '../operations/support/moto';
import { runCli, type CliResult } from './run-cli';

const REPO = path.resolve(__dirname, '../..');
const CATALOG = path.join(REPO, 'catalog');
const SNAPSHOT = path.join(REPO, 'test/model/fixtures/inventory/acme-snapshot.json');
const UNIT = 'space-eu-legacy-dev';

/** The README's table: command → the exit codes its row fills in. */
function readmeTable(): Map<string, number[]> {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## CLI: exit codes and machine output'));
  const rows = new Map<string, number[]>();
  for (const line of section.split('\n')) {
    const match = /^\| `vend ([a-z ]+)` \|(.*)\|$/.exec(line);
    if (!match) continue;
    const cells = match[2].split('|').map((c) => c.trim());
    rows.set(match[1], cells.flatMap((c, code) => (c ? [code] : [])));
  }
  return rows;
}

let moto: MotoServer;
/** moto behind a proxy that plays CloudTrail's event history, which moto answers with a 500 page (retried for seconds). */
let withTrail: FaultProxy;
let withRootAccess: FaultProxy;
let failing: Server;
let failingUrl: string;
let work: string;
let invalid: FixtureCatalog;
const saved = { ...process.env };

/** An AWS endpoint that refuses everything with a non-retryable AccessDenied. */
function denyingServer(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException' });
    res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'denied by the test' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
  withTrail = await startFaultProxy(moto.url);
  withTrail.trail = true;
  withRootAccess = await startFaultProxy(moto.url);
  withRootAccess.answer = (operation) => (operation === 'ListOrganizationsFeatures' ? NO_ROOT_ACCESS_FEATURES : undefined);
  process.env.VEND_API_UNLIMITED = '1';
  failing = await denyingServer();
  failingUrl = `http://127.0.0.1:${(failing.address() as { port: number }).port}`;
  work = mkdtempSync(path.join(tmpdir(), 'vend-exit-'));
  writeFileSync(path.join(work, 'in-sync.json'), JSON.stringify(inSyncInventory(demoModel())));
  writeFileSync(path.join(work, 'empty.json'), JSON.stringify({ apiVersion: 'vend/v1', kind: 'Inventory', aws: { organizationalUnits: [], accounts: [] } }));
  writeFileSync(path.join(work, 'not-json.json'), '{');
  writeFileSync(path.join(work, 'a-file'), 'not a folder');
  invalid = fixtureCatalog();
  invalid.write('catalog/units/space-bad.yaml', 'apiVersion: vend/v1\nkind: Space\nname: space-bad\n');
}, 300_000);
afterAll(async () => {
  moto?.stop();
  await withTrail?.close();
  await withRootAccess?.close();
  failing?.close();
  invalid?.cleanup();
  rmSync(work, { recursive: true, force: true });
  process.env = saved;
});

const toMoto = () => {
  process.env.AWS_ENDPOINT_URL = moto.url;
};
const toRefusingCloud = () => {
  process.env.AWS_ENDPOINT_URL = failingUrl;
};
/** ARM at the refusing local server with a static token: no credential chain, nothing beyond 127.0.0.1. */
const toRefusingArm = () => {
  process.env.VEND_ARM_ENDPOINT = failingUrl;
  process.env.VEND_ARM_TOKEN = 'test-token';
};
const atMoto = async () => {
  toMoto();
  await moto.reset();
  await seedAws(localAws(moto.url), demoModel());
};
/**
 * IAM's ListOrganizationsFeatures, which moto lacks, answered as IAM's query API answers an
 * organization with neither root-access feature enabled (IAM API reference,
 * ListOrganizationsFeatures; the same state `test/operations/support/moto-gaps.ts` keeps).
 */
const NO_ROOT_ACCESS_FEATURES = {
  status: 200,
  contentType: 'text/xml',
  body:
    '<ListOrganizationsFeaturesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListOrganizationsFeaturesResult>' +
    '<OrganizationId>o-motoexample</OrganizationId><EnabledFeatures/></ListOrganizationsFeaturesResult>' +
    '<ResponseMetadata><RequestId>proxy</RequestId></ResponseMetadata></ListOrganizationsFeaturesResponse>',
};
/** The bundled catalog with moto's account as the management account. */
let managementCatalog = '';
/** A management account `vend bootstrap aws` can run in: what remains are steps to apply, none blocked. */
const atManagementAccount = async () => {
  await moto.reset();
  managementCatalog = catalogManagedFrom();
  const groups = demoModel().catalog.organization.spec.aws?.identityCenterGroups ?? [];
  expect(groups.length).toBeGreaterThan(0);
  const aws = localAws(moto.url);
  await seedManagementAccount(aws, groups);
  aws.destroy();
  process.env.AWS_ENDPOINT_URL = withRootAccess.url;
};
const bad = () => ['--catalog', invalid.dir, '--templates', invalid.templatesDir, '--policies', invalid.policiesDir];
const file = (name: string) => path.join(work, name);
const ledger = (name: string) => path.join(work, `${name}.jsonl`);

/** A new ledger (signed head beside it) with 250 closures in the last 30 days: the closure quota's minimum is used up. */
let closures = 0;
async function writeClosureLedger(name: string): Promise<string> {
  const file = ledger(`${name}-${++closures}`);
  const start = Date.now() - 24 * 3600_000;
  let i = 0;
  const l = openLedger(auditSettings({ ledger: file, env: {} }), { createDevKey: true, now: () => new Date(start + i * 60_000) });
  for (; i < 250; i++) await l.append({ actor: 'earlier', action: 'decommission.close', outcome: 'done', target: `x${i}` });
  return file;
}
let quotaLedger = '';
let intactLedger = '';

interface Case {
  readonly code: number;
  readonly name: string;
  readonly args: () => string[];
  readonly before?: () => void | Promise<void>;
  /** A check on the output beyond the exit code. */
  readonly output?: RegExp;
}

const CASES: Record<string, Case[]> = {
  validate: [
    { code: 0, name: 'the bundled catalog', args: () => ['validate', '--catalog', CATALOG] },
    { code: 1, name: 'an invalid catalog', args: () => ['validate', ...bad()] },
    { code: 2, name: 'a misspelt flag', args: () => ['validate', '--catalgo', CATALOG] },
  ],
  new: [
    { code: 0, name: 'a dry run', args: () => ['new', 'space', '--catalog', CATALOG, '--name', 'space-eu-globex-prod', '--cloud', 'aws', '--environment', 'prod', '--owner', 'a@x.example', '--dry-run'] },
    { code: 1, name: 'an undeclared group', args: () => ['new', 'space', '--catalog', CATALOG, '--name', 'space-eu-globex-prod', '--cloud', 'aws', '--environment', 'prod', '--owner', 'a@x.example', '--access', 'nobody:viewer', '--dry-run'] },
    { code: 2, name: 'missing answers', args: () => ['new', 'pop', '--catalog', CATALOG] },
  ],
  plan: [
    { code: 0, name: 'against nothing', args: () => ['plan', '--catalog', CATALOG] },
    { code: 1, name: 'with conflicts', args: () => ['plan', '--catalog', CATALOG, '--inventory', SNAPSHOT], output: /conflict/ },
    { code: 1, name: 'an unreadable snapshot', args: () => ['plan', '--catalog', CATALOG, '--inventory', file('not-json.json')] },
    { code: 2, name: 'an unknown flag', args: () => ['plan', '--inventroy', SNAPSHOT] },
  ],
  synth: [
    { code: 0, name: 'the Azure stacks', args: () => ['synth', '--catalog', CATALOG, '--cloud', 'azure', '--out', file('synth')] },
    { code: 1, name: 'an invalid catalog', args: () => ['synth', ...bad(), '--out', file('synth-bad')] },
    { code: 2, name: 'an unknown cloud', args: () => ['synth', '--cloud', 'gcp'] },
    { code: 2, name: 'an output under /proc', args: () => ['synth', '--out', '/proc/vend'] },
    { code: 4, name: 'an output folder that is a file', args: () => ['synth', '--catalog', CATALOG, '--cloud', 'azure', '--out', path.join(file('a-file'), 'x')] },
  ],
  inventory: [
    { code: 0, name: 'moto', before: atMoto, args: () => ['inventory', '--catalog', CATALOG, '--cloud', 'aws', '--format', 'json'] },
    { code: 1, name: 'a broken earlier snapshot', before: toMoto, args: () => ['inventory', '--catalog', CATALOG, '--cloud', 'aws', '--previous', file('not-json.json')] },
    { code: 2, name: 'an unknown tags mode', args: () => ['inventory', '--tags', 'some'] },
    { code: 4, name: 'a cloud that refuses', before: toRefusingCloud, args: () => ['inventory', '--catalog', CATALOG, '--cloud', 'aws'] },
  ],
  drift: [
    { code: 0, name: 'an in-sync snapshot', args: () => ['drift', '--catalog', CATALOG, '--inventory', file('in-sync.json')] },
    { code: 1, name: 'an invalid catalog', args: () => ['drift', ...bad(), '--inventory', file('in-sync.json')] },
    { code: 2, name: 'an unknown cloud', args: () => ['drift', '--cloud', 'gcp'] },
    { code: 3, name: 'an empty organization', args: () => ['drift', '--catalog', CATALOG, '--cloud', 'aws', '--inventory', file('empty.json')] },
    { code: 4, name: 'a cloud that refuses', before: toRefusingCloud, args: () => ['drift', '--catalog', CATALOG, '--cloud', 'aws'] },
  ],
  adopt: [
    { code: 0, name: 'a plan from a snapshot', args: () => ['adopt', '--catalog', CATALOG, '--inventory', SNAPSHOT], output: /100000000007/ },
    { code: 1, name: 'a mapping that is not one', args: () => ['adopt', '--catalog', CATALOG, '--inventory', SNAPSHOT, '--mapping', path.join(CATALOG, 'organization.yaml')] },
    { code: 2, name: 'an unknown cloud', args: () => ['adopt', '--cloud', 'gcp'] },
    { code: 4, name: 'a cloud that refuses', before: toRefusingCloud, args: () => ['adopt', '--catalog', CATALOG] },
  ],
  decommission: [
    { code: 0, name: 'a dry run', before: atMoto, args: () => ['decommission', UNIT, '--catalog', CATALOG, '--ledger', ledger('dry')], output: /dry run/ },
    { code: 1, name: 'an active unit', before: toMoto, args: () => ['decommission', 'space-eu-acme-prod', '--catalog', CATALOG, '--ledger', ledger('active')] },
    { code: 2, name: 'no --confirm', args: () => ['decommission', UNIT, '--catalog', CATALOG, '--execute'] },
    { code: 2, name: 'a wrong --confirm', args: () => ['decommission', UNIT, '--catalog', CATALOG, '--execute', '--confirm', 'space-eu-legacy'] },
    { code: 4, name: 'a cloud that refuses', before: toRefusingCloud, args: () => ['decommission', UNIT, '--catalog', CATALOG, '--ledger', ledger('refused')] },
    {
      code: 5,
      name: 'a closure over quota',
      before: async () => {
        await atMoto();
        await deployDecommissioned(localAws(moto.url), demoModel(), UNIT);
        quotaLedger = await writeClosureLedger('quota');
        process.env.AWS_ENDPOINT_URL = withTrail.url;
      },
      args: () => ['decommission', UNIT, '--catalog', CATALOG, '--ledger', quotaLedger, '--execute', '--confirm', UNIT],
      output: /queued[\s\S]*closure quota used: 250\/250 closures in 30 days \(CloudTrail 0, ledger 250/,
    },
  ],
  'bootstrap aws': [
    {
      code: 0,
      name: 'a dry run in a management account ready for it (moto; IAM\'s root-access read answered by the proxy)',
      before: atManagementAccount,
      args: () => ['bootstrap', 'aws', '--catalog', managementCatalog, '--dry-run'],
      output: /trusted-access\/iam\.amazonaws\.com[\s\S]*root-access\/RootSessions/,
    },
    { code: 1, name: 'credentials of another account', before: atMoto, args: () => ['bootstrap', 'aws', '--catalog', CATALOG, '--dry-run'], output: /run from 111111111111/ },
    { code: 2, name: 'a misspelt flag', args: () => ['bootstrap', 'aws', '--dry-runn'] },
    { code: 4, name: 'a cloud that refuses', before: toRefusingCloud, args: () => ['bootstrap', 'aws', '--catalog', CATALOG, '--dry-run'] },
  ],
  'bootstrap azure': [
    { code: 0, name: 'a dry run, which needs no credentials', args: () => ['bootstrap', 'azure', '--catalog', CATALOG, '--dry-run'], output: /dry run/ },
    { code: 1, name: 'a state account name Azure would refuse', args: () => ['bootstrap', 'azure', '--catalog', CATALOG, '--dry-run', '--state-account', 'Not_Valid'] },
    { code: 2, name: 'a misspelt flag', args: () => ['bootstrap', 'azure', '--dry-runn'] },
    { code: 4, name: 'an ARM endpoint that refuses', before: toRefusingArm, args: () => ['bootstrap', 'azure', '--catalog', CATALOG] },
  ],
  'audit verify': [
    { code: 0, name: 'an intact ledger', before: async () => void (intactLedger = await writeClosureLedger('intact')), args: () => ['audit', 'verify', '--ledger', intactLedger] },
    { code: 1, name: 'no ledger', args: () => ['audit', 'verify', '--ledger', file('no-ledger.jsonl')] },
    { code: 2, name: 'a device', args: () => ['audit', 'verify', '--ledger', '/dev/zero'] },
  ],
  schema: [
    { code: 0, name: 'a new folder', args: () => ['schema', '--out', file('schema')] },
    { code: 2, name: 'an output under /sys', args: () => ['schema', '--out', '/sys/vend'] },
    { code: 4, name: 'a folder that is a file', args: () => ['schema', '--out', path.join(file('a-file'), 'x')] },
  ],
  generate: [
    { code: 0, name: 'a new folder', args: () => ['generate', '--units', '3', '--out', file('generated')] },
    { code: 2, name: 'a folder it did not write', args: () => ['generate', '--units', '3', '--out', REPO], output: /refusing to delete/ },
  ],
};

describe('exit codes', () => {
  test('every command the CLI registers has a README row and cases here, and nothing else does', () => {
    const commands = leafCommands(buildProgram()).sort();
    expect([...readmeTable().keys()].sort()).toEqual(commands);
    expect(Object.keys(CASES).sort()).toEqual(commands);
  });

  test.each(Object.keys(CASES).sort())('vend %s: the cases reach exactly the codes its README row lists', (command) => {
    const codes = [...new Set(CASES[command].map((c) => c.code))].sort();
    expect(codes).toEqual(readmeTable().get(command));
  });

  const all = Object.entries(CASES).flatMap(([command, cases]) => cases.map((c) => [command, c.code, c.name, c] as const));
  test.each(all)('vend %s exits %i on %s', async (_command, code, _name, c) => {
    await c.before?.();
    const text = await runCli(c.args());
    expect({ code: text.code, stderr: text.code === code ? '' : text.stderr }).toEqual({ code, stderr: '' });
    if (c.output) expect(text.stdout + text.stderr).toMatch(c.output);
    // the same case under --format json: one envelope on stdout, valid against schema/output.schema.json
    await c.before?.();
    const json = await runCli([...c.args(), '--format', 'json']);
    expect(json.code).toBe(code);
    expectEnvelope(json, code);
  });

  test('bare vend and bare vend audit are usage errors; --help and --version succeed', async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['audit'])).code).toBe(2);
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['--version'])).code).toBe(0);
  });
});

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validateOutput = ajv.compile(jsonSchemas().output);

function expectEnvelope(result: CliResult, code: number): void {
  const document = JSON.parse(result.stdout);
  expect(document.apiVersion).toBe('vend/v1');
  if (code !== 0 && !['Plan', 'NewUnit', 'Adoption', 'Validation', 'Drift', 'Decommission', 'Bootstrap', 'AzureBootstrap', 'AuditVerification'].includes(document.kind)) {
    expect(document).toMatchObject({ kind: 'Error', exitCode: code });
  }
  expect(validateOutput(document) ? [] : validateOutput.errors).toEqual([]);
}

