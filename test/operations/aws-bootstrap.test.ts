/**
 * `vend bootstrap aws` against moto: a dry run lists every one-time step and changes nothing, a run
 * performs them, a second run changes nothing. The few calls moto does not emulate are faked at
 * the client layer (support/moto-gaps.ts).
 */
import { GetRoleCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateOrganizationCommand, DescribeOrganizationCommand, ListAWSServiceAccessForOrganizationCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { loadModel, type VendModel } from '../../lib/model';
import { bootstrapAws, type BootstrapReport } from '../../lib/operations/aws/bootstrap';
import { isMutating, type AwsClients, type AwsService } from '../../lib/operations/aws/clients';
import { localAws } from './support/fixtures';
import { catalogManagedFrom, MANAGEMENT_REGION as REGION, MOTO_ACCOUNT, seedManagementAccount } from './support/management-account';
import { motoEnv, startMoto, type MotoServer } from './support/moto';
import { emptyFakeState, MotoWithGaps, type FakeState } from './support/moto-gaps';

const GROUPS = ['auditors', 'developers', 'network-engineers', 'platform-engineers', 'security-engineers', 'space-operators', 'space-readers'];

/** The contract: every one-time step, in order. */
const STEPS = [
  'caller/management-account',
  'organization/all-features',
  'trusted-access/cloudtrail.amazonaws.com',
  'trusted-access/guardduty.amazonaws.com',
  'trusted-access/securityhub.amazonaws.com',
  'trusted-access/config.amazonaws.com',
  'trusted-access/config-multiaccountsetup.amazonaws.com',
  'trusted-access/access-analyzer.amazonaws.com',
  'trusted-access/sso.amazonaws.com',
  'trusted-access/iam.amazonaws.com',
  'policy-type/SERVICE_CONTROL_POLICY',
  'policy-type/RESOURCE_CONTROL_POLICY',
  'policy-type/DECLARATIVE_POLICY_EC2',
  'root-access/RootCredentialsManagement',
  'root-access/RootSessions',
  'identity-center/instance',
  'iam/vend-stackset-administration',
  'ssm/vend/organization/id',
  'ssm/vend/organization/root-id',
  'ssm/vend/identity-center/instance-arn',
  ...GROUPS.map((g) => `ssm/vend/identity-center/groups/${g}`),
  'cdk/bootstrap',
];
const PRECONDITIONS = ['caller/management-account', 'organization/all-features', 'identity-center/instance', 'cdk/bootstrap'];

/** The bundled catalog, with moto's account as the management account. */
function motoModel(managementAccountId = MOTO_ACCOUNT): VendModel {
  return loadModel({ catalogDir: catalogManagedFrom(managementAccountId) });
}

let moto: MotoServer;
let aws: AwsClients;
let fake: FakeState;
beforeAll(async () => {
  motoEnv();
  moto = await startMoto();
});
afterAll(() => moto?.stop());
beforeEach(async () => {
  await moto.reset();
  fake = emptyFakeState();
  aws = new MotoWithGaps(localAws(moto.url), fake);
  // Given an organization with all features, an Identity Center instance with the catalog's
  // groups, and the management account CDK-bootstrapped in the deployment region.
  await seedManagementAccount(aws, GROUPS);
  fake.calls.length = 0;
});

const mutating = () => fake.calls.filter((c) => isMutating(c.split(':')[0] as AwsService, c.split(':')[1]));
const statuses = (report: BootstrapReport) => Object.fromEntries(report.steps.map((s) => [s.id, s.status]));

describe('vend bootstrap aws (moto)', () => {
  test('a dry run lists every one-time step, where it runs and why, and changes nothing', async () => {
    const report = await bootstrapAws({ model: motoModel(), aws, dryRun: true });
    expect(report.steps.map((s) => s.id)).toEqual(STEPS);
    expect(statuses(report)).toEqual(Object.fromEntries(STEPS.map((id) => [id, PRECONDITIONS.includes(id) ? 'done' : 'would-apply'])));
    for (const step of report.steps) {
      expect(step.where).toMatch(new RegExp(`^management ${MOTO_ACCOUNT} (us-east-1 \\(global\\)|${REGION})$`));
      expect(step.why.length).toBeGreaterThan(20);
    }
    expect(mutating()).toEqual([]);
    const services = await aws.inRegion('us-east-1').send('organizations', new ListAWSServiceAccessForOrganizationCommand({}));
    expect(services.EnabledServicePrincipals ?? []).toEqual([]);
  });

  test('a run performs every step, and a second run finds everything done and changes nothing', async () => {
    const model = motoModel();
    const first = await bootstrapAws({ model, aws });
    expect(statuses(first)).toEqual(Object.fromEntries(STEPS.map((id) => [id, PRECONDITIONS.includes(id) ? 'done' : 'applied'])));

    // Then the organization really is set up, read back independently.
    const global = aws.inRegion('us-east-1');
    const regional = aws.inRegion(REGION);
    const enabled = (await global.send('organizations', new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map((s) => s.ServicePrincipal);
    expect(enabled.sort()).toEqual(STEPS.filter((s) => s.startsWith('trusted-access/')).map((s) => s.slice('trusted-access/'.length)).sort());
    const root = (await global.send('organizations', new ListRootsCommand({}))).Roots![0];
    expect(root.PolicyTypes!.map((p) => p.Type).sort()).toEqual(['DECLARATIVE_POLICY_EC2', 'RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY']);
    expect([...fake.rootFeatures].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
    const role = (await global.send('iam', new GetRoleCommand({ RoleName: 'vend-stackset-administration' }))).Role!;
    expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0]).toMatchObject({
      Principal: { Service: 'cloudformation.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': MOTO_ACCOUNT } },
    });
    const inline = await global.send('iam', new GetRolePolicyCommand({ RoleName: 'vend-stackset-administration', PolicyName: 'AssumeExecutionRole' }));
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument!)).Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole' },
    ]);
    const param = async (name: string) => (await regional.send('ssm', new GetParameterCommand({ Name: name }))).Parameter!.Value;
    expect(await param('/vend/organization/id')).toBe((await global.send('organizations', new DescribeOrganizationCommand({}))).Organization!.Id);
    expect(await param('/vend/organization/root-id')).toBe(root.Id);
    expect(await param('/vend/identity-center/instance-arn')).toMatch(/^arn:aws:sso:::instance\//);
    expect(await param('/vend/identity-center/groups/space-operators')).toMatch(/^[0-9a-f-]{20,}$/);

    // And a second run acts on nothing.
    fake.calls.length = 0;
    const second = await bootstrapAws({ model, aws });
    expect(statuses(second)).toEqual(Object.fromEntries(STEPS.map((id) => [id, 'done'])));
    expect(mutating()).toEqual([]);
  });

  test('repairs a StackSets administration role whose trust was changed', async () => {
    const model = motoModel();
    await bootstrapAws({ model, aws });
    const { UpdateAssumeRolePolicyCommand } = await import('@aws-sdk/client-iam');
    const widened = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };
    await aws.inRegion('us-east-1').send('iam', new UpdateAssumeRolePolicyCommand({ RoleName: 'vend-stackset-administration', PolicyDocument: JSON.stringify(widened) }));
    const again = await bootstrapAws({ model, aws });
    expect(statuses(again)['iam/vend-stackset-administration']).toBe('applied');
    expect(again.steps.find((s) => s.id === 'iam/vend-stackset-administration')!.detail).toBe('UpdateAssumeRolePolicy');
  });

  test('stops, changing nothing, when the credentials are not the management account\'s', async () => {
    const report = await bootstrapAws({ model: motoModel('111111111111'), aws });
    expect(report.steps[0]).toMatchObject({ status: 'blocked', detail: `credentials are for account ${MOTO_ACCOUNT}; run from 111111111111` });
    expect(report.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    expect(mutating()).toEqual([]);
  });

  test('reports what a person must do: the CDK bootstrap and a directory group that does not exist', async () => {
    await moto.reset();
    fake.calls.length = 0;
    await aws.inRegion('us-east-1').send('organizations', new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const report = await bootstrapAws({ model: motoModel(), aws, dryRun: true });
    const byId = Object.fromEntries(report.steps.map((s) => [s.id, s]));
    expect(byId['cdk/bootstrap']).toMatchObject({ status: 'blocked', detail: `run: npx cdk bootstrap aws://${MOTO_ACCOUNT}/${REGION}` });
    for (const group of GROUPS) expect(byId[`ssm/vend/identity-center/groups/${group}`]).toMatchObject({ status: 'blocked', detail: `cannot read the identity-store id of group '${group}'` });
  });
});
