/**
 * Every Azure policy's scenarios (policies/azure/<name>.scenarios.yaml), evaluated against the
 * definitions, initiatives and assignments as the tenant stack synthesized them for the bundled
 * catalog, with vend's own evaluator (lib/model/azure-policy-eval).
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { azurePolicyEval, loadAzurePolicyScenarios, type LoadedScenarioFile } from '../../lib/model';
import { evaluateScenarios, realizedPolicies } from './support/policy-scenarios';
import { bundledModel, REPO, synth, type Synthesized } from './support/synth';

const POLICIES = path.join(REPO, 'policies', 'azure');

let out: Synthesized;
let files: LoadedScenarioFile[];
const aliases = azurePolicyEval.loadAliasTable();
beforeAll(() => {
  out = synth(bundledModel());
  const loaded = loadAzurePolicyScenarios(POLICIES);
  expect(loaded.diagnostics).toEqual([]);
  files = loaded.files;
});
afterAll(() => out?.cleanup());

describe('Azure policy scenarios', () => {
  test('every policy has a scenario file beside it, with its deny and its allow side', () => {
    const policies = readdirSync(POLICIES).filter((f) => f.endsWith('.policy.json')).map((f) => f.replace('.policy.json', '')).sort();
    expect(files.map((f) => f.spec.policy).sort()).toEqual(policies);
    for (const file of files) {
      const outcomes = new Set(file.spec.scenarios.map((s) => s.expect));
      expect({ policy: file.spec.policy, blocks: [...outcomes].some((o) => o !== 'None'), allows: outcomes.has('None') }).toEqual({ policy: file.spec.policy, blocks: true, allows: true });
    }
  });

  test('every scenario meets the effect it expects, as synthesized', () => {
    const results = evaluateScenarios(out, files, aliases);
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(results.filter((r) => r.actual !== r.expected)).toEqual([]);
  });

  test('ordinary tenant writes are allowed: app settings, connection strings, a team\'s own diagnostics', () => {
    const results = evaluateScenarios(out, files, aliases);
    for (const name of ['an app settings write (no minTlsVersion in it) is allowed', 'a connection strings write is allowed', "a team's own diagnostic setting is theirs to change"]) {
      expect(results.find((r) => r.where.endsWith(`'${name}'`))).toMatchObject({ expected: 'None', actual: 'None' });
    }
  });

  test('fails when a policy denies the absence of a field (the App Service rule before its fix)', () => {
    const realized = realizedPolicies(out);
    const appService = realized.definitions.get('vend-app-service-min-tls12')!;
    // Negative control: the original rule matched every sites/config write and compared a missing
    // minTlsVersion against the allowed list.
    const broken = {
      ...appService,
      policyRule: {
        if: { allOf: [{ field: 'type', equals: 'Microsoft.Web/sites/config' }, { field: 'Microsoft.Web/sites/config/minTlsVersion', notIn: ['1.2', '1.3'] }] },
        then: appService.policyRule.then,
      },
    };
    realized.definitions.set('vend-app-service-min-tls12', broken);
    const failures = evaluateScenarios(out, files.filter((f) => f.spec.policy === 'app-service-min-tls12'), aliases, realized).filter((r) => r.actual !== r.expected);
    expect(failures).toContainEqual(expect.objectContaining({ where: expect.stringMatching(/app-service-min-tls12\.scenarios\.yaml:\d+: .*'an app settings write/), expected: 'None', actual: 'Deny' }));
  });

  test('a scenario placed where its policy is not assigned is an error, not a pass', () => {
    const file = files.find((f) => f.spec.policy === 'deny-private-link-service')!;
    const moved = { ...file, spec: { ...file.spec, scenarios: file.spec.scenarios.map((s) => ({ ...s, at: 'prod/PoP' })) } };
    const results = evaluateScenarios(out, [moved], aliases);
    expect(results.every((r) => r.actual.startsWith('error: deny-private-link-service is not assigned at or above prod/PoP'))).toBe(true);
  });

  test('bad scenario files are reported with file, line and field', () => {
    const { diagnostics } = loadAzurePolicyScenarios(path.join(__dirname, 'fixtures', 'bad-scenarios'));
    expect(diagnostics.map((d) => `${path.basename(d.file)}:${d.line}: ${d.path}`)).toEqual([
      'deny-public-ip.scenarios.yaml:9: scenarios[0].expect',
      'wrong-name.scenarios.yaml:4: policy',
    ]);
  });
});
