/**
 * Operator access per unit, proven by evaluation of the synthesized trust policy of
 * vend-unit-operator: Identity Center sessions of the unit's own account can assume it (without MFA
 * context, which AssumeRoleWithSAML sessions never carry); nobody in another tenant's account can,
 * in any kind of unit. And every AWS-service interface endpoint of every baseline carries an
 * organization-only endpoint policy.
 */
import { bundledWorld, evaluateCall } from '../support/iam/evaluate';
import { resourcesOfType } from './support';
import type { GuardrailWorld } from '../support/iam/world';
import { EXAMPLE } from '../support/iam/world';

let world: GuardrailWorld;
beforeAll(() => {
  world = bundledWorld();
});

const KINDS = [
  ['Space', 'prod/Space'],
  ['PoP', 'prod/PoP'],
  ['Central', 'prod/Central'],
  ['ControlPlane', 'prod/ControlPlane'],
] as const;

const assume = (principal: string, placement: string, owner: 'account', kind: string) =>
  evaluateCall(world, placement, {
    principal,
    action: 'sts:AssumeRole',
    resource: `arn:{{partition}}:iam::{{${owner}}}:role/vend-unit-operator`,
    resourcePolicy: world.operatorTrust(kind, EXAMPLE.account),
  });

describe.each(KINDS)('vend-unit-operator of a %s', (kind, placement) => {
  test('is assumable from an Identity Center session of its own account, with no MFA key in the context', async () => {
    expect((await assume('tenant-admin', placement, 'account', kind)).decision).toBe('allowed');
  });

  test('is not assumable by a role the tenant created (only the vend permission sets)', async () => {
    expect((await assume('tenant-workload', placement, 'account', kind)).result).toBe('ImplicitlyDenied');
  });

  test('is not assumable by the administrator of another unit of the same kind and environment', async () => {
    // The peer's admin sits in the same OU path: the earlier aws:PrincipalOrgPaths trust let it in.
    expect((await assume('peer-tenant-admin', placement, 'account', kind)).result).toBe('ImplicitlyDenied');
  });

  test('negative control: the earlier OU-path trust would have let the other unit\'s administrator in', async () => {
    const ouPathTrust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${world.orgPath(placement)}*`] } } },
      ],
    };
    const outcome = await evaluateCall(world, placement, {
      principal: 'peer-tenant-admin',
      action: 'sts:AssumeRole',
      resource: 'arn:{{partition}}:iam::{{account}}:role/vend-unit-operator',
      resourcePolicy: ouPathTrust,
    });
    expect(outcome.decision).toBe('allowed');
  });
});

test('every AWS-service interface endpoint of every baseline admits only the organization', () => {
  let endpoints = 0;
  for (const id of ['SpaceBaseline', 'PoPBaseline', 'CentralBaseline', 'ControlPlaneBaseline']) {
    for (const [logicalId, endpoint] of resourcesOfType(world.synth.libraryJson(id), 'AWS::EC2::VPCEndpoint')) {
      const toAwsService = JSON.stringify(endpoint.Properties.ServiceName).includes('com.amazonaws.');
      if (!toAwsService) continue;
      endpoints++;
      const statements = endpoint.Properties.PolicyDocument?.Statement ?? [];
      expect({ logicalId, org: statements[0]?.Condition?.StringEquals }).toEqual({
        logicalId,
        org: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' }, 'aws:ResourceOrgID': { Ref: 'OrganizationId' } },
      });
    }
  }
  expect(endpoints).toBeGreaterThan(10);
});
