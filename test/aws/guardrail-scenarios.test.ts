/**
 * Every scenario kept beside an AWS organization policy (policies/aws/*.scenarios.yaml), evaluated
 * with @cloud-copilot/iam-simulate over the SCPs and RCPs as synthesized in the cloud assembly, for
 * the full OU path of the scenario's placement. One synthesis for the whole file.
 */
import { bundledWorld } from '../support/iam/evaluate';
import { scenarioFailures } from '../support/iam/run-scenarios';
import { loadScenarios, scenarioFiles } from '../support/iam/scenarios';
import type { GuardrailWorld } from '../support/iam/world';

let world: GuardrailWorld;
beforeAll(() => {
  world = bundledWorld();
});

const files = scenarioFiles();

test('every SCP and RCP of the bundled catalog has a scenario file beside it', () => {
  const policies: string[] = [];
  for (const control of world.model.catalog.controls.values()) {
    for (const policy of [control.scp, control.rcp]) if (policy) policies.push(policy.file.split('/').pop()!);
  }
  expect(policies.length).toBeGreaterThan(0);
  expect(policies.filter((p) => !files.includes(p.replace(/\.(scp|rcp)\.json$/, '.scenarios.yaml')))).toEqual([]);
});

describe.each(files)('%s', (file) => {
  test('every scenario reaches its expected decision', async () => {
    const scenarios = loadScenarios(file, world.placements);
    expect(scenarios.length).toBeGreaterThan(0);
    // Every file shows at least what its control denies; most also show the ordinary work it allows.
    expect(scenarios.some((s) => s.scenario.expect === 'denied')).toBe(true);
    expect(await scenarioFailures(world, scenarios)).toEqual([]);
  });
});
