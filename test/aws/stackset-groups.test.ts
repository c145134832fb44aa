/**
 * The StackSet handler's instance-group rules (lib/aws/stacksets/instance-groups.ts), each case
 * taken from the handler source it cites: the design vend used to have must fail, the one it uses
 * now must pass.
 */
import { stackSetGroupProblems, type InstanceGroup } from '../../lib/aws';

const account = (n: number) => ({ 'Fn::GetStackOutput': { StackName: 'Vend-Accounts-prod-Spaces-07', OutputName: `Account${n}` } });
const overrides = (unit: string) => [{ ParameterKey: 'UnitName', ParameterValue: unit }];

describe('StackSet instance groups, as the AWS::CloudFormation::StackSet handler checks them', () => {
  test('rejects one OU in two groups with different overrides under account-level targeting (the old baseline shape, B1)', () => {
    const groups: InstanceGroup[] = [1, 2].map((n) => ({
      DeploymentTargets: { OrganizationalUnitIds: ['ou-spaces'], Accounts: [account(n)], AccountFilterType: 'INTERSECTION' },
      Regions: ['eu-west-1'],
      ParameterOverrides: overrides(`space-${n}`),
    }));
    expect(stackSetGroupProblems({ StackSetName: 'old', PermissionModel: 'SERVICE_MANAGED', StackInstancesGroup: groups })).toEqual([
      'old: OU ou-spaces is associated with the parameter sets of groups 0 and 1',
    ]);
  });

  test('rejects it even when the overrides are equal (the handler compares the sets by reference)', () => {
    const group = (n: number): InstanceGroup => ({
      DeploymentTargets: { OrganizationalUnitIds: ['ou-spaces'], Accounts: [account(n)], AccountFilterType: 'INTERSECTION' },
      Regions: ['eu-west-1'],
      ParameterOverrides: overrides('same'),
    });
    expect(stackSetGroupProblems({ StackSetName: 's', PermissionModel: 'SERVICE_MANAGED', StackInstancesGroup: [group(1), group(2)] })).toHaveLength(1);
  });

  test('accepts one OU in several groups when no group overrides anything', () => {
    const groups: InstanceGroup[] = [1, 2].map((n) => ({
      DeploymentTargets: { OrganizationalUnitIds: ['ou-spaces'], Accounts: [account(n)], AccountFilterType: 'INTERSECTION' },
      Regions: [n === 1 ? 'eu-west-1' : 'us-east-1'],
    }));
    expect(stackSetGroupProblems({ StackSetName: 's', PermissionModel: 'SERVICE_MANAGED', StackInstancesGroup: groups })).toEqual([]);
  });

  test('accepts self-managed groups of one account each with their own overrides (vend\'s design)', () => {
    const groups: InstanceGroup[] = [1, 2, 3].map((n) => ({ DeploymentTargets: { Accounts: [account(n)] }, Regions: ['eu-west-1'], ParameterOverrides: overrides(`space-${n}`) }));
    expect(stackSetGroupProblems({ StackSetName: 'new', PermissionModel: 'SELF_MANAGED', StackInstancesGroup: groups })).toEqual([]);
  });

  test('rejects the same account and region in two self-managed groups', () => {
    const groups: InstanceGroup[] = [
      { DeploymentTargets: { Accounts: [account(1)] }, Regions: ['eu-west-1'], ParameterOverrides: overrides('a') },
      { DeploymentTargets: { Accounts: [account(1)] }, Regions: ['us-east-1', 'eu-west-1'], ParameterOverrides: overrides('b') },
    ];
    expect(stackSetGroupProblems({ StackSetName: 'dup', PermissionModel: 'SELF_MANAGED', StackInstancesGroup: groups })).toEqual([
      `dup: stack instance ${JSON.stringify(account(1))} in eu-west-1 is duplicated`,
    ]);
  });

  test('rejects groups without targets, OU targets on a self-managed StackSet, and auto-deployment there', () => {
    expect(
      stackSetGroupProblems({
        StackSetName: 'bad',
        PermissionModel: 'SELF_MANAGED',
        AutoDeployment: { Enabled: false },
        StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-x'] }, Regions: ['eu-west-1'] }],
      }),
    ).toEqual([
      'bad: AutoDeployment applies to SERVICE_MANAGED StackSets only',
      'bad: group 0 has no Accounts',
      'bad: group 0 targets OUs, which a SELF_MANAGED StackSet ignores',
    ]);
  });
});
