/**
 * The model side of the organization policies: placeholders, partitions, the exempt set and the
 * quota findings each kind of policy is held to.
 */
import {
  awsPartition,
  exemptPrincipals,
  exemptRoleArns,
  LONGEST_ORGANIZATION_ID,
  loadModel,
  organizationPolicyName,
  policyQuotaFindings,
  renderPolicy,
  unfilledPlaceholders,
  type OrganizationSpec,
} from '../../lib/model';
import { CATALOG_DIR } from '../aws/support';

const org = (regions: string[]): OrganizationSpec =>
  ({ apiVersion: 'vend/v1', kind: 'Organization', name: 'acme', environments: ['prod'], aws: { managementAccountId: '111111111111', regions, emailDomain: 'a.example' } }) as OrganizationSpec;

describe('rendering a policy', () => {
  const document = {
    Statement: [
      {
        Resource: ['{{exemptRoleArns}}', 'arn:{{partition}}:iam::*:role/vend-*'],
        Condition: { StringNotEquals: { 'aws:RequestedRegion': '{{regions}}' }, StringEquals: { 'aws:PrincipalOrgID': '{{organizationId}}' } },
      },
    ],
  };

  test.each([
    [['us-east-1', 'eu-west-1'], 'aws'],
    [['us-gov-west-1'], 'aws-us-gov'],
    [['cn-north-1'], 'aws-cn'],
  ])('for regions %j fills the %s partition everywhere and splices the exempt roles into the list', (regions, partition) => {
    const rendered = renderPolicy(document, org(regions), { organizationId: 'o-abcdefghij' });
    expect(awsPartition(org(regions))).toBe(partition);
    expect(rendered.Statement[0].Resource).toEqual([...exemptRoleArns(partition), `arn:${partition}:iam::*:role/vend-*`]);
    expect(rendered.Statement[0].Condition.StringNotEquals['aws:RequestedRegion']).toEqual(regions);
    expect(rendered.Statement[0].Condition.StringEquals['aws:PrincipalOrgID']).toBe('o-abcdefghij');
    expect(unfilledPlaceholders(rendered)).toEqual([]);
  });

  test('measures the organization id at its longest when it is not known yet', () => {
    expect(JSON.stringify(renderPolicy(document, org(['us-east-1'])))).toContain(LONGEST_ORGANIZATION_ID);
    expect(LONGEST_ORGANIZATION_ID).toHaveLength(34);
  });

  test('leaves unknown placeholders for validation to report', () => {
    expect(unfilledPlaceholders(renderPolicy({ a: 'role/{{vendingRoleName}}', b: '{{regions}}' }, org(['us-east-1'])))).toEqual(['{{vendingRoleName}}']);
  });
});

test('the exempt set is vend\'s one member-account principal (which also runs its StackSets), never the management-account pipeline role', () => {
  expect(exemptPrincipals().map((p) => p.roleName)).toEqual(['OrganizationAccountAccessRole']);
  expect(exemptRoleArns('aws').join()).not.toMatch(/VendPipelineRole/);
});

test('policy names: SCPs keep vend-<control>, RCPs and declarative policies are suffixed', () => {
  expect(['scp', 'rcp', 'declarative'].map((k) => organizationPolicyName('x', k as never))).toEqual(['vend-x', 'vend-x-rcp', 'vend-x-declarative']);
});

test('quota findings name the kind, the control or OU, and the AWS-managed policy that always counts', () => {
  const model = loadModel({ catalogDir: CATALOG_DIR });
  const tight = { ...model.catalog, organization: { ...model.catalog.organization, spec: { ...model.catalog.organization.spec, quotas: { rcpMaxPerTarget: 1, declarativeMaxCharacters: 300 } } } };
  const findings = policyQuotaFindings(tight).map((f) => `${f.type.kind} ${f.control?.spec.name ?? f.node?.path} ${f.actual}>${f.limit}`);
  expect(findings).toEqual(['rcp acme 2>1', expect.stringMatching(/^declarative ec2-secure-defaults \d+>300$/)]);
  expect(policyQuotaFindings(model.catalog)).toEqual([]);
});
