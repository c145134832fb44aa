/**
 * The exemptions hold: for every exempt role of the model (lib/model/exempt-principals.ts), a
 * tenant administrator or workload in an account of every placement is denied creating, deleting,
 * re-trusting, tagging or changing the policies of a role that would match it, proven by evaluation
 * over the synthesized SCPs. And the only exemptions any synthesized SCP makes are those roles.
 */
import { exemptPrincipals, exemptRoleArns } from '../../lib/model';
import { bundledWorld, evaluateCall } from '../support/iam/evaluate';
import type { GuardrailWorld } from '../support/iam/world';

const ROLE_CHANGES = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PassRole',
];

let world: GuardrailWorld;
beforeAll(() => {
  world = bundledWorld();
});

test('the only principals any SCP exempts are the model\'s exempt roles', () => {
  const exempted = new Set<string>();
  for (const scp of world.scps) {
    for (const statement of scp.document.Statement) {
      const arns = (statement.Condition as Record<string, Record<string, unknown>> | undefined)?.ArnNotLike?.['aws:PrincipalARN'];
      for (const arn of [arns ?? []].flat()) exempted.add(String(arn));
    }
  }
  expect([...exempted].sort()).toEqual(exemptRoleArns(world.partition).sort());
});

describe.each(exemptPrincipals().map((e) => [e.roleName, e] as const))('exempt role %s', (roleName) => {
  const name = roleName.replace('*', 'impostor');
  test.each(['tenant-admin', 'tenant-workload'])('%s is denied every change to a role that would match it, in every placement', async (principal) => {
    const allowed: string[] = [];
    for (const placement of world.placements) {
      for (const action of ROLE_CHANGES) {
        const outcome = await evaluateCall(world, placement, { principal, action, resource: `arn:{{partition}}:iam::{{account}}:role/${name}` });
        if (outcome.result !== 'ExplicitlyDenied' || !outcome.deniedBy.includes('ProtectExemptAndVendRoles')) {
          allowed.push(`${placement} ${action}: ${outcome.result} ${outcome.deniedBy.join(',')}`);
        }
      }
    }
    expect(world.placements.length).toBeGreaterThan(4);
    expect(allowed).toEqual([]);
  });
});
