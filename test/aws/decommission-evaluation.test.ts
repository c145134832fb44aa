/**
 * The AWS decommission, proven by evaluation (issue 13): every member-account call of every step of
 * the lifecycle state machine (lib/model/lifecycle, the CLI's reads and writes and the deploy's own
 * calls, including the delete of every resource in the stacks it removes) is evaluated by
 * @cloud-copilot/iam-simulate against the SCPs and RCPs as synthesized, for the OU the account sits
 * in at that step: allowed for vend's principal (OrganizationAccountAccessRole, also the StackSets
 * execution role), and the same calls by a tenant's administrator denied. The calls come from the
 * step data, never from a list kept here.
 */
import {
  AWS_DECOMMISSION,
  functionKey,
  QUARANTINE_KEY,
  stackDeletionCalls,
  stepApplies,
  type EffectiveUnit,
  type LifecycleCall,
  type LifecycleStep,
} from '../../lib/model';
import { bundledWorld, evaluateCall, type EvaluateOptions, type MemberCall } from '../support/iam/evaluate';
import type { GuardrailWorld, OrganizationPolicy } from '../support/iam/world';

/** The bundled catalog's decommissioned Space, which reaches an AWS PoP (so every step concerns it). */
const UNIT = 'space-eu-legacy-dev';

interface Located {
  readonly step: string;
  readonly call: LifecycleCall;
  /** The hierarchy node of the account the call acts in, at that step. */
  readonly placement: string;
  /** The call comes from the deploy and acts on vend's own (tagged) resources. */
  readonly vendResource: boolean;
}

let world: GuardrailWorld;
let unit: EffectiveUnit;
let located: Located[];

beforeAll(() => {
  world = bundledWorld();
  unit = world.model.unit(UNIT)!;
  located = AWS_DECOMMISSION.filter((s) => stepApplies(s, { kind: unit.kind, popCloud: popOf(unit)?.cloud })).flatMap((s) => memberCalls(s));
});

function popOf(u: EffectiveUnit): EffectiveUnit | undefined {
  return u.network?.pop ? world.model.unit(u.network.pop) : undefined;
}

/** Every call of a step that a member-account principal makes (SCPs never apply to the management account). */
function memberCalls(step: LifecycleStep): Located[] {
  const deletes = step.deployDeletes ? deletionOf(step.deployDeletes) : [];
  const placementOf = (c: LifecycleCall) => (c.target === 'pop' ? popOf(unit)!.placement : step.placement === 'quarantine' ? QUARANTINE_KEY : functionKey(unit.environment, unit.kind));
  return [
    ...step.calls.map((call) => ({ call, vendResource: false })),
    ...[...(step.deployCalls ?? []), ...deletes].map((call) => ({ call, vendResource: true })),
  ]
    .filter(({ call }) => call.target !== 'management' && call.principal !== 'management-pipeline')
    .map(({ call, vendResource }) => ({ step: step.id, call, placement: placementOf(call), vendResource }));
}

/** The calls deleting the stack makes, from the template as synthesized. */
function deletionOf(what: 'unit-baseline' | 'pop-access'): LifecycleCall[] {
  const template = world.synth.libraryJson(what === 'unit-baseline' ? `${unit.kind}Baseline` : 'PopAccess');
  const { calls, unknown } = stackDeletionCalls(template.Resources ?? {}, what === 'unit-baseline' ? 'unit' : 'pop', 'stacksets-execution');
  if (unknown.length) throw new Error(`stack-deletion.ts does not know the delete actions of ${unknown.join(', ')}`);
  return calls;
}

const SCENARIO_PRINCIPAL: Record<string, string> = { 'member-access-role': 'vend-member-role', 'stacksets-execution': 'stacksets-exec' };

/** The call as the evaluator takes it, made by `principal` (vend's own, or a scenario principal). */
function request(l: Located, principal?: string): MemberCall {
  const resource = l.call.resource
    .replace(/\$\{Partition\}/g, '{{partition}}')
    .replace(/\$\{(UnitAccount|PopAccount)\}/g, '{{account}}')
    .replace(/\$\{ManagementAccount\}/g, '{{managementAccount}}')
    .replace(/\$\{Region\}/g, '{{region}}')
    // A pattern's wildcard stands for one concrete resource: a tenant's role, vend's stack.
    .replace(/role\/\*$/, 'role/partner-access')
    .replace(/\*\/\*$/, 'example/0f1e2d3c');
  return {
    principal: principal ?? SCENARIO_PRINCIPAL[l.call.principal],
    action: l.call.action,
    resource,
    ...(l.vendResource ? { context: { 'aws:ResourceTag/vend:managed': 'true' } } : {}),
    // vend's keys trust their own account and let its IAM policies decide (lib/aws/key-policy.ts).
    ...(l.call.action.startsWith('kms:') ? { resourcePolicy: 'account-root' as const } : {}),
  };
}

const label = (l: Located) => `${l.step} ${l.call.action} in ${l.placement}`;

async function decisions(principal: string | undefined, options: EvaluateOptions = {}): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const l of located) {
    const r = await evaluateCall(world, l.placement, request(l, principal), options);
    out.set(label(l), r.decision === 'allowed' ? 'allowed' : `denied by ${r.deniedBy.join(', ') || 'no allow'}`);
  }
  return out;
}

const denied = (m: Map<string, string>) => [...m].filter(([, d]) => d !== 'allowed').map(([k, d]) => `${k}: ${d}`);

test('every AWS step\'s member-account calls come from the step data, in the OU of that step', () => {
  const steps = [...new Set(located.map((l) => l.step))];
  expect(steps).toEqual(['drop-pop-principal', 'remove-baseline', 'revoke-trust']);
  // The trust revocation and the baseline's deletion act inside Quarantine; the PoP's update in the PoP's own OU.
  expect([...new Set(located.map((l) => `${l.step}@${l.placement}`))].sort()).toEqual(
    ['drop-pop-principal@' + popOf(unit)!.placement, `remove-baseline@${QUARANTINE_KEY}`, `revoke-trust@${QUARANTINE_KEY}`].sort(),
  );
  const actions = located.map((l) => l.call.action);
  for (const expected of ['iam:UpdateAssumeRolePolicy', 'cloudformation:DeleteStack', 'ec2:DeleteVpc', 'kms:DeleteAlias', 'ec2:ModifyVpcEndpointServicePermissions']) {
    expect(actions).toContain(expected);
  }
});

test('vend\'s principal is allowed every call, against the synthesized SCPs and RCPs', async () => {
  expect(denied(await decisions(undefined))).toEqual([]);
});

test('a tenant\'s administrator making the same calls is denied every write and everything inside Quarantine', async () => {
  const tenant = await decisions('tenant-admin');
  const allowed = located.filter((l) => tenant.get(label(l)) === 'allowed');
  // Only reads in the active PoP's account are not the guardrails' business (the tenant of that account may look).
  expect(allowed.map((l) => `${label(l)} (${l.call.access})`)).toEqual(
    located.filter((l) => l.call.access === 'read' && l.placement !== QUARANTINE_KEY).map((l) => `${label(l)} (read)`),
  );
  expect(located.filter((l) => l.placement === QUARANTINE_KEY).every((l) => tenant.get(label(l))!.includes('QuarantineDenyAll'))).toBe(true);
  expect(located.filter((l) => l.call.access === 'write').every((l) => tenant.get(label(l)) !== 'allowed')).toBe(true);
});

test('the proof can fail: a Quarantine whose deny-all exempts nobody denies vend\'s trust revocation and the baseline\'s deletion', async () => {
  const noExemption: OrganizationPolicy[] = world.scps.map((p) =>
    p.name !== 'vend-deny-all' ? p : { ...p, document: { ...p.document, Statement: p.document.Statement.map(({ Condition: _dropped, ...s }) => s) } },
  );
  expect(noExemption).not.toEqual(world.scps);
  const failures = denied(await decisions(undefined, { scps: noExemption }));
  expect(failures).toEqual(expect.arrayContaining([
    `revoke-trust iam:UpdateAssumeRolePolicy in ${QUARANTINE_KEY}: denied by QuarantineDenyAll`,
    `remove-baseline cloudformation:DeleteStack in ${QUARANTINE_KEY}: denied by QuarantineDenyAll`,
  ]));
  // The PoP's account is not in Quarantine: its calls stay allowed.
  expect(failures.filter((f) => f.startsWith('drop-pop-principal'))).toEqual([]);
});

test('the proof can fail: run in the unit\'s home OU instead of Quarantine, the trust revocation would not hold against its tenant', async () => {
  // The same write by the tenant is allowed in the Space's own OU: it is Quarantine (deny-all) that
  // keeps a tenant from restoring the trust the decommission revoked, so the step's placement matters.
  const revoke = located.find((l) => l.step === 'revoke-trust' && l.call.access === 'write')!;
  const home = functionKey(unit.environment, unit.kind);
  expect(home).not.toBe(QUARANTINE_KEY);
  expect((await evaluateCall(world, home, request(revoke, 'tenant-admin'))).decision).toBe('allowed');
  expect((await evaluateCall(world, QUARANTINE_KEY, request(revoke, 'tenant-admin'))).deniedBy).toEqual(['QuarantineDenyAll']);
});
