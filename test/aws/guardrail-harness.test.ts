/**
 * Negative controls: the evaluation harness can fail. A deliberately broken SCP makes the scenarios
 * that depend on it fail, with their file and line; an unbroken one passes them.
 */
import { bundledWorld } from '../support/iam/evaluate';
import { scenarioFailures } from '../support/iam/run-scenarios';
import { loadScenarios } from '../support/iam/scenarios';
import type { GuardrailWorld, OrganizationPolicy } from '../support/iam/world';

let world: GuardrailWorld;
beforeAll(() => {
  world = bundledWorld();
});

/** The synthesized SCPs with one statement removed (by Sid) from every policy that has it. */
function without(sid: string): OrganizationPolicy[] {
  const found = world.scps.some((p) => p.document.Statement.some((s) => s.Sid === sid));
  if (!found) throw new Error(`no synthesized SCP has a statement ${sid}`);
  return world.scps.map((p) => ({ ...p, document: { ...p.document, Statement: p.document.Statement.filter((s) => s.Sid !== sid) } }));
}

/** The synthesized SCPs with the quarantine's exemption widened to every role. */
function quarantineExemptingEveryRole(): OrganizationPolicy[] {
  return world.scps.map((p) =>
    p.name !== 'vend-deny-all'
      ? p
      : { ...p, document: { ...p.document, Statement: p.document.Statement.map((s) => ({ ...s, Condition: { ArnNotLike: { 'aws:PrincipalARN': 'arn:aws:iam::*:role/*' } } })) } },
  );
}

test('the exemption scenarios pass against the synthesized SCPs', async () => {
  expect(await scenarioFailures(world, loadScenarios('protect-vend-principals.scenarios.yaml', world.placements))).toEqual([]);
});

test('without the role protection, a tenant can create a role matching an exemption, and the scenarios say where', async () => {
  const failures = await scenarioFailures(world, loadScenarios('protect-vend-principals.scenarios.yaml', world.placements), { scps: without('ProtectExemptAndVendRoles') });
  expect(failures).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^policies\/aws\/protect-vend-principals\.scenarios\.yaml:\d+ \[prod\/Space\] a tenant cannot create a role named like vend's member-account role: expected denied, got Allowed$/),
    ]),
  );
  // The allow-side scenarios do not depend on the statement and still pass.
  expect(failures.some((f) => f.includes('a tenant creates its own roles'))).toBe(false);
});

test('a quarantine that exempts every role lets a quarantined tenant act', async () => {
  const failures = await scenarioFailures(world, loadScenarios('deny-all.scenarios.yaml', world.placements), { scps: quarantineExemptingEveryRole() });
  expect(failures).toEqual(expect.arrayContaining([expect.stringContaining('a quarantined workload can do nothing: expected denied, got Allowed')]));
});

test('without the tag protection, a tenant strips vend\'s tags', async () => {
  const failures = await scenarioFailures(world, loadScenarios('protect-security-baseline.scenarios.yaml', world.placements), { scps: without('ProtectVendTags') });
  expect(failures).toEqual(expect.arrayContaining([expect.stringContaining("a tenant cannot remove vend's tag from vend's key: expected denied, got Allowed")]));
});

test('a deny by another statement than the scenario names is reported', async () => {
  // Without the role protection, untagging vend's operator role is still denied, but by the tag protection.
  const failures = await scenarioFailures(world, loadScenarios('protect-vend-principals.scenarios.yaml', world.placements), { scps: without('ProtectExemptAndVendRoles') });
  expect(failures).toEqual(expect.arrayContaining([expect.stringMatching(/a tenant cannot retag vend's operator role: expected ProtectExemptAndVendRoles to deny, got by ProtectVendTags$/)]));
});
