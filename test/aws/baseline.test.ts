import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountsStack, BaselineParameter, BaselineStack, IdentityStack, OrganizationStack, shardOf, stackNames, TemplateLibrary, TLS_POLICY } from '../../lib/aws';
import { type EffectiveUnit, type VendModel } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize, type CfnTemplate, type Synthesized } from './support';

let model: VendModel;
let synth: Synthesized;
beforeAll(() => {
  model = bundledModel();
  synth = synthesize(model);
});

const unit = (name: string) => model.unit(name)!;
const stackSetOf = (u: EffectiveUnit) => {
  const template = synth.json(stackNames.baseline(shardOf(u)));
  return resourcesOfType(template, 'AWS::CloudFormation::StackSet')[0][1].Properties;
};
const instanceOf = (u: EffectiveUnit) => {
  const props = stackSetOf(u);
  const instance = props.StackInstancesGroup.find((g: any) =>
    g.ParameterOverrides.some((p: any) => p.ParameterKey === BaselineParameter.UnitName && p.ParameterValue === u.name),
  );
  if (!instance) throw new Error(`no stack instance for ${u.name}`);
  return instance;
};
const override = (u: EffectiveUnit, key: string) =>
  instanceOf(u).ParameterOverrides.find((p: any) => p.ParameterKey === key)?.ParameterValue;

describe('baseline StackSets', () => {
  test('are self-managed: each account targeted by id, run as its OrganizationAccountAccessRole', () => {
    for (const u of model.units.filter((x) => x.cloud === 'aws')) {
      expect(stackSetOf(u)).toMatchObject({ PermissionModel: 'SELF_MANAGED', ExecutionRoleName: 'OrganizationAccountAccessRole' });
      expect(stackSetOf(u).AutoDeployment).toBeUndefined();
    }
  });

  test('stamp the kind\'s template: the endpoints, PoP endpoint and endpoint service its catalog template asks for', () => {
    for (const kind of ['Space', 'PoP', 'Central', 'ControlPlane'] as const) {
      const u = model.units.find((x) => x.cloud === 'aws' && x.kind === kind && x.lifecycle === 'active')!;
      const body = JSON.parse(stackSetOf(u).TemplateBody) as CfnTemplate;
      const network = u.baseline.network;
      const services = resourcesOfType(body, 'AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties.ServiceName);
      // Interface endpoints are `com.amazonaws.<region>.<service>`, joined around the region.
      const interfaces = services.filter((s) => s['Fn::Join']).map((s) => String(s['Fn::Join'][1].at(-1)).replace(/^\./, ''));
      expect({ kind, interfaces: interfaces.sort() }).toEqual({ kind, interfaces: [...(network.awsInterfaceEndpoints ?? [])].sort() });
      expect({ kind, popEndpoint: services.some((s) => s.Ref === 'PopServiceName') }).toEqual({ kind, popEndpoint: network.reachesPop });
      expect({ kind, endpointServices: resourcesOfType(body, 'AWS::EC2::VPCEndpointService').length }).toEqual({ kind, endpointServices: network.exposesEndpointService ? 1 : 0 });
    }
  });

  test('give every active account a group of its own, in the unit\'s region, targeted by account id only', () => {
    for (const u of model.units.filter((x) => x.cloud === 'aws' && x.lifecycle === 'active')) {
      const instance = instanceOf(u);
      expect(instance.Regions).toEqual([u.region]);
      // The account id comes from the unit's accounts stack, never from a literal; no OU, no filter.
      expect(instance.DeploymentTargets).toEqual({
        Accounts: [{ 'Fn::GetStackOutput': expect.objectContaining({ StackName: stackNames.accounts(shardOf(u)) }) }],
      });
      const sameAccount = stackSetOf(u).StackInstancesGroup.filter(
        (g: any) => JSON.stringify(g.DeploymentTargets.Accounts) === JSON.stringify(instance.DeploymentTargets.Accounts),
      );
      expect(sameAccount).toHaveLength(1);
    }
  });

  test('give a decommissioned unit no stack instance at all (the handler deletes it; nothing re-creates it in Quarantine)', () => {
    const legacy = unit('space-eu-legacy-dev');
    expect(legacy.lifecycle).toBe('decommissioned');
    expect(() => instanceOf(legacy)).toThrow(/no stack instance/);
    // Which accounts do the baseline StackSets target? Exactly the active units' (by their accounts-stack outputs).
    const unitOfOutput = new Map<string, string>();
    for (const [stackName, template] of synth.all()) {
      if (!stackName.startsWith('Vend-Accounts-')) continue;
      const names = new Map(resourcesOfType(template, 'AWS::Organizations::Account').map(([id, r]) => [id, r.Properties.AccountName as string]));
      for (const [output, o] of Object.entries(template.Outputs ?? {})) {
        const name = names.get(o.Value?.['Fn::GetAtt']?.[0]);
        if (name) unitOfOutput.set(`${stackName}/${output}`, name);
      }
    }
    const targeted: string[] = [];
    for (const [stackName, template] of synth.all()) {
      if (!stackName.startsWith('Vend-Baseline-')) continue;
      for (const [, r] of resourcesOfType(template, 'AWS::CloudFormation::StackSet')) {
        for (const group of r.Properties.StackInstancesGroup ?? []) {
          for (const a of group.DeploymentTargets.Accounts) {
            targeted.push(unitOfOutput.get(`${a['Fn::GetStackOutput'].StackName}/${a['Fn::GetStackOutput'].OutputName}`)!);
          }
        }
      }
    }
    const active = model.units.filter((x) => x.cloud === 'aws' && x.lifecycle === 'active').map((x) => x.name);
    expect(targeted.sort()).toEqual(active.sort());
    expect(targeted).not.toContain(legacy.name);
  });

  test('override the unit\'s own values per account', () => {
    const acme = unit('space-eu-acme-prod');
    expect(override(acme, BaselineParameter.VpcCidr)).toBe('10.20.0.0/22');
    // The environment is the shard's, a value of the StackSet every instance of it receives.
    expect(override(acme, BaselineParameter.Environment)).toBeUndefined();
    expect(stackSetOf(acme).Parameters.find((p: any) => p.ParameterKey === BaselineParameter.Environment)?.ParameterValue).toBe('prod');
    for (const u of model.units.filter((x) => x.cloud === 'aws' && x.lifecycle === 'active')) {
      expect([u.name, stackSetOf(u).Parameters.find((p: any) => p.ParameterKey === BaselineParameter.Environment)?.ParameterValue]).toEqual([u.name, u.environment]);
    }
    // The operator role trusts only its own account (unit-access.ts), so no OU path is passed any more.
    expect(instanceOf(acme).ParameterOverrides.map((p: any) => p.ParameterKey)).not.toContain('TrustedOrgPath');
  });

  test('give a single-tenant BYOK Space the customer\'s key and nobody else a key override', () => {
    expect(override(unit('space-eu-acme-prod'), BaselineParameter.DataKeyArn)).toBe(unit('space-eu-acme-prod').customerManagedKey);
    expect(override(unit('space-eu-shared-prod'), BaselineParameter.DataKeyArn)).toBeUndefined();
  });

  test('point each active Space at its PoP\'s endpoint service, read from the PoP\'s baseline stack', () => {
    for (const name of ['space-eu-acme-prod', 'space-eu-shared-prod', 'space-eu-shared-dev']) {
      const u = unit(name);
      const value = override(u, BaselineParameter.PopServiceName);
      expect(value['Fn::GetStackOutput'].StackName).toBe(stackNames.baseline(shardOf(unit(u.network!.pop!))));
    }
  });

});

describe('a baseline shard holds one environment', () => {
  // VendAwsApp shards by environment (lib/model/aws-shards.ts), so it never hands BaselineStack a
  // mixed shard: the stack is built here on its own, beside the organization and accounts it reads.
  const templateBody = JSON.stringify({
    Parameters: { [BaselineParameter.UnitName]: { Type: 'String' }, [BaselineParameter.Environment]: { Type: 'String' } },
    Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
  });
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const baselineOf = (units: EffectiveUnit[]) => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'vend-baseline-shard-'));
    outdirs.push(outdir);
    const app = new App({ outdir, analyticsReporting: false, treeMetadata: false });
    const organization = new OrganizationStack(app, 'Org', { model });
    const identity = new IdentityStack(app, 'Identity', {});
    const accounts = new AccountsStack(app, 'Accounts', { units, organization, identity });
    return () =>
      new BaselineStack(app, 'Baseline', {
        units,
        stackSetName: 'vend-baseline-test-spaces-00',
        templateBody,
        accounts,
        organization,
        managementAccountId: '111111111111',
        logArchiveBucketName: 'vend-test-log-archive',
        accessLogBucketPrefix: 'vend-test-lb-logs-',
        popServiceName: () => undefined,
      });
  };

  test('units of two environments in one shard are refused, naming both', () => {
    const units = [unit('space-eu-shared-dev'), unit('space-eu-shared-prod')];
    expect(units.map((u) => u.environment)).toEqual(['dev', 'prod']);
    const build = baselineOf(units);
    expect(build).toThrow(new Error('a baseline shard holds one environment, not dev, prod'));
  });

  test('a single-environment shard passes its environment as the StackSet-level Environment value, not as an override', () => {
    // Both dev Spaces (one decommissioned): the environment is the shard's, not 'prod' or the 'unset' default.
    const units = [unit('space-eu-legacy-dev'), unit('space-eu-shared-dev')];
    expect(units.map((u) => u.environment)).toEqual(['dev', 'dev']);
    const stackSet = resourcesOfType(Template.fromStack(baselineOf(units)()).toJSON() as CfnTemplate, 'AWS::CloudFormation::StackSet');
    expect(stackSet).toHaveLength(1);
    const props = stackSet[0][1].Properties;
    expect(props.Parameters).toEqual([
      { ParameterKey: BaselineParameter.UnitName, ParameterValue: 'unset' },
      { ParameterKey: BaselineParameter.Environment, ParameterValue: 'dev' },
    ]);
    // The active unit's own group overrides only its name.
    expect(props.StackInstancesGroup.map((g: any) => g.ParameterOverrides)).toEqual([[{ ParameterKey: BaselineParameter.UnitName, ParameterValue: 'space-eu-shared-dev' }]]);
  });
});

describe('the baseline template of every kind', () => {
  test.each(['SpaceBaseline', 'PoPBaseline', 'CentralBaseline', 'ControlPlaneBaseline'])('%s has a rotating customer-managed key for the account', (id) => {
    const template = synth.library(id);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: [
          Match.objectLike({ Sid: 'AccountRolesOnly', Principal: { AWS: Match.anyValue() } }),
          Match.objectLike({ Sid: 'GrantsForAwsResourcesOnly', Effect: 'Deny', Action: 'kms:CreateGrant' }),
          Match.objectLike({ Sid: 'AccountLogGroups', Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } }),
        ],
      },
    });
  });

  test.each(['SpaceBaseline', 'PoPBaseline', 'CentralBaseline', 'ControlPlaneBaseline'])('%s key policy allows only the account and the log service, and grants only for AWS resources', (id) => {
    const keys = resourcesOfType(synth.libraryJson(id), 'AWS::KMS::Key');
    const unitKey = keys.find(([k]) => k.startsWith('UnitKey'))![1];
    const allows = unitKey.Properties.KeyPolicy.Statement.filter((s: any) => s.Effect === 'Allow').map((s: any) => JSON.stringify(s.Principal));
    expect(allows).toHaveLength(2);
    expect(allows[0]).toContain(':root');
    expect(allows[0]).toContain('AWS::AccountId');
    expect(unitKey.Properties.KeyPolicy.Statement.find((s: any) => s.Effect === 'Deny')).toEqual({
      Sid: 'GrantsForAwsResourcesOnly',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
  });

  test.each(['SpaceBaseline', 'PoPBaseline', 'CentralBaseline', 'ControlPlaneBaseline'])('%s sends VPC flow logs to the central log archive', (id) => {
    synth.library(id).hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: { 'Fn::Join': ['', Match.arrayWith([{ Ref: BaselineParameter.LogArchiveBucketName }])] },
    });
  });

  test.each(['SpaceBaseline', 'PoPBaseline', 'CentralBaseline', 'ControlPlaneBaseline'])(
    '%s has an operator role trusting only its own account\'s Identity Center roles, usable without MFA context',
    (id) => {
      // Whether another tenant can assume it is proven by evaluation in test/aws/guardrail-trust.test.ts.
      synth.library(id).hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'vend-unit-operator',
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRole',
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([{ Ref: 'AWS::AccountId' }, ':root'])] } },
              Condition: {
                ArnLike: {
                  'aws:PrincipalArn': {
                    'Fn::Join': ['', Match.arrayWith([{ Ref: 'AWS::AccountId' }, ':role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_vend-*'])],
                  },
                },
              },
            },
          ],
        },
      });
    },
  );

  test('creates no IAM user anywhere', () => {
    for (const id of ['SpaceBaseline', 'PoPBaseline', 'CentralBaseline', 'ControlPlaneBaseline']) {
      synth.library(id).resourceCountIs('AWS::IAM::User', 0);
      synth.library(id).resourceCountIs('AWS::IAM::AccessKey', 0);
    }
  });
});

describe('the Space baseline', () => {
  test('has no internet gateway, NAT, public IP or route', () => {
    const template = synth.library('SpaceBaseline');
    for (const type of ['AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::Route', 'AWS::EC2::EgressOnlyInternetGateway']) {
      template.resourceCountIs(type, 0);
    }
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test('reaches the AWS services of its template through interface endpoints', () => {
    const template = synth.library('SpaceBaseline');
    for (const service of unit('space-eu-shared-prod').baseline.network.awsInterfaceEndpoints ?? []) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${service}`]] },
      });
    }
  });

  test('reaches its PoP through an interface endpoint to the PoP\'s endpoint service, when it has one', () => {
    const template = synth.library('SpaceBaseline');
    template.hasResource('AWS::EC2::VPCEndpoint', {
      Condition: 'ReachesPop',
      Properties: Match.objectLike({ VpcEndpointType: 'Interface', ServiceName: { Ref: BaselineParameter.PopServiceName } }),
    });
  });

  test('names its PoP <pop>.<domain> in a private zone of its own VPC, aliased to the PoP endpoint', () => {
    const template = synth.libraryJson('SpaceBaseline');
    const [zoneId, zone] = resourcesOfType(template, 'AWS::Route53::HostedZone')[0];
    expect(zone).toMatchObject({ Condition: 'ReachesPop', Properties: { Name: 'pops.acme.internal', VPCs: [{ VPCId: { Ref: expect.stringMatching(/Vpc/) }, VPCRegion: { Ref: 'AWS::Region' } }] } });
    const [endpointId] = resourcesOfType(template, 'AWS::EC2::VPCEndpoint').find(([, r]) => r.Properties.ServiceName?.Ref === 'PopServiceName')!;
    const [, record] = resourcesOfType(template, 'AWS::Route53::RecordSet')[0];
    expect(record.Condition).toBe('ReachesPop');
    expect(record.Properties).toMatchObject({ HostedZoneId: { 'Fn::GetAtt': [zoneId, 'Id'] }, Name: { Ref: BaselineParameter.PopHostName }, Type: 'A' });
    const entry = { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [endpointId, 'DnsEntries'] }] }] };
    expect(record.Properties.AliasTarget).toEqual({ DNSName: { 'Fn::Select': [1, entry] }, HostedZoneId: { 'Fn::Select': [0, entry] }, EvaluateTargetHealth: false });
  });

  test('each active Space is told its PoP\'s host name, the name on the PoP\'s certificate', () => {
    for (const name of ['space-eu-acme-prod', 'space-eu-shared-prod', 'space-eu-shared-dev']) {
      expect(override(unit(name), BaselineParameter.PopHostName)).toBe(`${unit(name).network!.pop}.pops.acme.internal`);
    }
  });

  test('encrypts its data with the customer\'s key when it has one (BYOK), else with the account key', () => {
    synth.library('SpaceBaseline').hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::If': ['HasCustomerKey', { Ref: BaselineParameter.DataKeyArn }, Match.anyValue()] },
            },
            BucketKeyEnabled: true,
          },
        ],
      },
    });
  });
});

describe('the PoP baseline', () => {
  test('exposes a VPC endpoint service behind an internal Network Load Balancer', () => {
    const template = synth.library('PoPBaseline');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: 'network', Scheme: 'internal' });
    template.hasResourceProperties('AWS::EC2::VPCEndpointService', { AcceptanceRequired: false });
  });

  test('leaves the allowed principals to the PoP access StackSet', () => {
    synth.library('PoPBaseline').resourceCountIs('AWS::EC2::VPCEndpointServicePermissions', 0);
  });

  test('always has a TLS 1.2+ listener whose certificate ACM issues from the region\'s Private CA for <pop>.<domain>', () => {
    const template = synth.libraryJson('PoPBaseline');
    const [certId, cert] = resourcesOfType(template, 'AWS::CertificateManager::Certificate')[0];
    expect(cert.Condition).toBeUndefined();
    expect(cert.Properties).toMatchObject({
      DomainName: { 'Fn::Join': ['.', [{ Ref: BaselineParameter.UnitName }, 'pops.acme.internal']] },
      CertificateAuthorityArn: { 'Fn::FindInMap': ['PopCertificateAuthorities', { Ref: 'AWS::Region' }, 'Arn'] },
      KeyAlgorithm: 'EC_prime256v1',
    });
    expect((template as any).Mappings.PopCertificateAuthorities).toEqual(
      Object.fromEntries(Object.entries(model.catalog.organization.spec.aws!.pops!.certificateAuthorities).map(([r, arn]) => [r, { Arn: arn }])),
    );
    const listeners = resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::Listener');
    expect(listeners).toHaveLength(1);
    expect(listeners[0][1].Condition).toBeUndefined();
    expect(listeners[0][1].Properties).toMatchObject({ Protocol: 'TLS', Port: 443, SslPolicy: TLS_POLICY, Certificates: [{ CertificateArn: { Ref: certId } }] });
  });

  test('writes access logs to the Central account\'s bucket of its own region', () => {
    const [, nlb] = resourcesOfType(synth.libraryJson('PoPBaseline'), 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
    const attributes = Object.fromEntries(nlb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));
    expect(attributes['access_logs.s3.enabled']).toBe('true');
    expect(attributes['access_logs.s3.bucket']).toEqual({ 'Fn::Join': ['', [{ Ref: BaselineParameter.AccessLogBucketPrefix }, { Ref: 'AWS::Region' }]] });
  });

  test('lets only vend stacks in the management account read its endpoint service name', () => {
    synth.library('PoPBaseline').hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'vend-endpoint-service-reader',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: { ArnLike: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: BaselineParameter.ManagementAccountId }, ':role/Vend-*']] } } },
          }),
        ],
      },
    });
  });
});

describe('the Central baseline (security data lake)', () => {
  test('keeps the log archive versioned, under Object Lock, private and moving to cold storage', () => {
    synth.library('CentralBaseline').hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { Ref: BaselineParameter.LogArchiveBucketName },
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Status: 'Enabled', Transitions: Match.arrayWith([{ StorageClass: 'GLACIER', TransitionInDays: 90 }]) })],
      },
    });
  });

  test('accepts only TLS and only principals of the organization', () => {
    const policy = resourcesOfType(synth.libraryJson('CentralBaseline'), 'AWS::S3::BucketPolicy')[0][1].Properties.PolicyDocument;
    const statements = policy.Statement as any[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'DenyOutsideOrganization',
        Effect: 'Deny',
        Condition: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': { Ref: BaselineParameter.OrganizationId } },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );
    const bySid = (sid: string) => statements.find((x) => x.Sid === sid);
    // CloudTrail: only the organization trail (its ARN in the management account), under cloudtrail/AWSLogs/.
    const trailArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:', { Ref: 'AWS::Region' }, ':', { Ref: BaselineParameter.ManagementAccountId }, ':trail/vend-organization']] };
    expect(bySid('CloudTrailAclCheck')).toMatchObject({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Condition: { StringEquals: { 'aws:SourceArn': trailArn } } });
    const trailWrite = bySid('CloudTrailWrite');
    expect(trailWrite.Condition).toEqual({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } });
    const trailPaths = JSON.stringify(trailWrite.Resource);
    expect(trailPaths).toContain('/cloudtrail/AWSLogs/');
    expect(trailPaths).toContain(BaselineParameter.ManagementAccountId);
    expect(trailPaths).toContain(BaselineParameter.OrganizationId);
    // Flow logs and Config: accounts of this organization only, under their own prefixes.
    for (const [sid, service, prefix] of [['FlowLogsWrite', 'delivery.logs.amazonaws.com', '/flow-logs/AWSLogs/*'], ['ConfigWrite', 'config.amazonaws.com', '/config/AWSLogs/*']]) {
      const write = bySid(sid);
      expect(write).toMatchObject({ Principal: { Service: service }, Action: 's3:PutObject' });
      expect(write.Condition.StringEquals).toEqual({ 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': { Ref: BaselineParameter.OrganizationId } });
      expect(JSON.stringify(write.Resource)).toContain(prefix);
    }
    expect(bySid('FlowLogsWrite').Condition.ArnLike).toEqual({ 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:*']] } });
    // No service writes anywhere without a source condition.
    for (const x of statements.filter((st) => st.Effect === 'Allow' && st.Principal?.Service)) {
      expect({ sid: x.Sid, conditioned: Object.keys(x.Condition ?? {}).length > 0 }).toEqual({ sid: x.Sid, conditioned: true });
    }
  });

  test('lets only log delivery and Config of the organization use the data lake key for what they write', () => {
    const [, key] = resourcesOfType(synth.libraryJson('CentralBaseline'), 'AWS::KMS::Key').find(([id]) => id.startsWith('SecurityDataLake'))!;
    expect(key.Properties.KeyPolicy.Statement.find((x: any) => x.Sid === 'OrganizationLogDelivery')).toEqual({
      Sid: 'OrganizationLogDelivery',
      Effect: 'Allow',
      Principal: { Service: ['config.amazonaws.com', 'delivery.logs.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceOrgID': { Ref: BaselineParameter.OrganizationId } } },
    });
  });

  test('exports GuardDuty findings of the organization into the data lake, encrypted', () => {
    const template = synth.library('CentralBaseline');
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
      DestinationType: 'S3',
      DestinationProperties: { DestinationArn: Match.anyValue(), KmsKeyArn: Match.anyValue() },
    });
  });

  test('runs Security Hub for the delegated administrator', () => {
    synth.library('CentralBaseline').resourceCountIs('AWS::SecurityHub::Hub', 1);
  });

  test('is the only kind that hosts the data lake', () => {
    for (const id of ['SpaceBaseline', 'PoPBaseline', 'ControlPlaneBaseline']) synth.library(id).resourceCountIs('AWS::GuardDuty::PublishingDestination', 0);
  });
});

describe('template parameters', () => {
  test('declare only what each template uses, and the StackSet passes only those', () => {
    for (const u of model.units.filter((x) => x.cloud === 'aws')) {
      if (u.lifecycle !== 'active') continue;
      const props = stackSetOf(u);
      const declared = Object.keys(JSON.parse(props.TemplateBody).Parameters ?? {});
      for (const p of [...props.Parameters, ...instanceOf(u).ParameterOverrides]) expect(declared).toContain(p.ParameterKey);
    }
  });

  test('never carry an AWS account id typed by hand', () => {
    for (const [name, template] of synth.all()) {
      if (!name.startsWith('Vend-Baseline-')) continue;
      const text = JSON.stringify(template.Resources);
      // Allowed: the management account (organization.yaml) and the customer's BYOK key ARN (unit file).
      const ids = text.match(/(?<![\d-])\d{12}(?![\d-])/g) ?? [];
      expect(ids.filter((id) => id !== '111111111111' && id !== '222222222222')).toEqual([]);
    }
  });
});

describe('what a decommissioned PoP\'s baseline needs to be deletable', () => {
  test('the PoP load balancer has no deletion protection (the guardrails protect it by tag)', () => {
    const [, nlb] = resourcesOfType(synth.libraryJson('PoPBaseline'), 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
    const attributes = Object.fromEntries(nlb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));
    expect(attributes['deletion_protection.enabled']).toBe('false');
  });
});

describe('account settings from template data (baseline.awsAccount)', () => {
  test.each(['SpaceBaseline', 'PoPBaseline', 'CentralBaseline', 'ControlPlaneBaseline'])('%s records AWS Config into the log archive and turns on EBS encryption and account-level S3 Block Public Access', (id) => {
    const template = synth.libraryJson(id);
    const [recorderId, recorder] = resourcesOfType(template, 'AWS::Config::ConfigurationRecorder')[0];
    expect(recorder.Properties.RecordingGroup).toEqual({ AllSupported: true, IncludeGlobalResourceTypes: true });
    const [, channel] = resourcesOfType(template, 'AWS::Config::DeliveryChannel')[0];
    expect(channel).toMatchObject({ DependsOn: expect.arrayContaining([recorderId]), Properties: { S3BucketName: { Ref: BaselineParameter.LogArchiveBucketName }, S3KeyPrefix: 'config' } });
    const [, settings] = resourcesOfType(template, 'Custom::VendAccountSettings')[0];
    expect(settings.Properties).toMatchObject({ EbsDefaultEncryption: 'true', S3BlockPublicAccess: 'true' });
    const [, fn] = resourcesOfType(template, 'AWS::Lambda::Function')[0];
    expect(fn.Properties.Code.ZipFile).toContain('enable_ebs_encryption_by_default');
    expect(fn.Properties.Code.ZipFile).toContain('put_public_access_block');
  });

  test('a kind whose template turns nothing on gets neither Config nor the settings function', () => {
    const baseline = { ...unit('space-eu-acme-prod').baseline, awsAccount: undefined };
    const library = new TemplateLibrary({
      baselines: new Map([['Space', baseline]]),
      availabilityZoneIds: model.catalog.organization.spec.aws!.availabilityZoneIds!,
      organization: 'acme',
      pops: model.catalog.organization.spec.aws!.pops,
      linkedRegions: [],
      validation: false,
    });
    const template = JSON.parse(library.body(library.baselineStacks.get('Space')!));
    for (const type of ['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'Custom::VendAccountSettings', 'AWS::Lambda::Function']) {
      expect(resourcesOfType(template, type)).toEqual([]);
    }
  });
});
