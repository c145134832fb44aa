import { Match } from 'aws-cdk-lib/assertions';
import { PopAccessParameter } from '../../lib/aws/baseline/service-templates';
import { shardOf, stackNames } from '../../lib/aws';
import type { VendModel } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize, type Synthesized } from './support';

let model: VendModel;
let synth: Synthesized;
beforeAll(() => {
  model = bundledModel();
  synth = synthesize(model);
});

const centralAccountRef = () => ({
  'Fn::GetStackOutput': Match.objectLike({ StackName: stackNames.accounts(shardOf(model.unit('central-aws-prod')!)) }),
});

describe('the organization trail', () => {
  test('is multi-region, organization-wide, validated and KMS-encrypted, into the Central log archive', () => {
    synth.template(stackNames.security).hasResourceProperties('AWS::CloudTrail::Trail', {
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      S3BucketName: { 'Fn::Join': ['', ['vend-acme-log-archive-', centralAccountRef()]] },
    });
  });

  test('is encrypted with a rotating key only CloudTrail may encrypt with', () => {
    synth.template(stackNames.security).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'CloudTrailEncrypt', Principal: { Service: 'cloudtrail.amazonaws.com' } })]) },
    });
  });

  test('waits for the log archive (the Central baseline) before it is created', () => {
    const security = synth.assembly.getStackByName(stackNames.security);
    expect(security.dependencies.map((d) => d.id)).toContain(stackNames.baseline(shardOf(model.unit('central-aws-prod')!)));
  });
});

describe('GuardDuty and Security Hub', () => {
  test('make the Central account the GuardDuty delegated administrator', () => {
    const template = synth.json(stackNames.security);
    const calls = resourcesOfType(template, 'Custom::AWS').map(([, r]) => JSON.stringify(r.Properties.Create));
    expect(calls.some((c) => c.includes('enableOrganizationAdminAccount') && c.includes(stackNames.accounts(shardOf(model.unit('central-aws-prod')!))))).toBe(true);
  });

  test('auto-enable GuardDuty for every current and future account, from the administrator', () => {
    const template = synth.json(stackNames.security);
    const autoEnable = resourcesOfType(template, 'Custom::AWS')
      .map(([, r]) => JSON.stringify(r.Properties.Create))
      .find((c) => c.includes('updateOrganizationConfiguration'));
    expect(autoEnable).toBeDefined();
    expect(autoEnable).toContain('\\"AutoEnableOrganizationMembers\\":\\"ALL\\"');
    expect(autoEnable).toContain('vend-security-admin');
  });

  test('make the Central account the Security Hub delegated administrator and auto-enable members', () => {
    const template = synth.template(stackNames.security);
    template.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: centralAccountRef() });
    template.hasResource('AWS::CloudFormation::StackSet', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('SecurityHubDelegatedAdmin')]),
      Properties: Match.objectLike({ StackSetName: 'vend-security-admin', PermissionModel: 'SELF_MANAGED' }),
    });
    synth.library('SecurityAdmin').hasResourceProperties('AWS::SecurityHub::OrganizationConfiguration', {
      AutoEnable: true,
      AutoEnableStandards: 'DEFAULT',
    });
  });
});

/** An AwsCustomResource call as an object; deploy-time values (Fn::Join parts) read as 'TOKEN'. */
function sdkCall(create: unknown): any {
  if (typeof create === 'string') return JSON.parse(create);
  const [, parts] = (create as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
}

/** Every Fn::GetStackOutput in a value, in order. */
function stackOutputsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(stackOutputsIn);
  if (value && typeof value === 'object') {
    const ref = (value as Record<string, unknown>)['Fn::GetStackOutput'];
    return ref ? [ref] : Object.values(value).flatMap(stackOutputsIn);
  }
  return [];
}

describe('threat detection in every organization region', () => {
  const regions = () => model.catalog.organization.spec.aws!.regions;
  const calls = (action: string) =>
    resourcesOfType(synth.json(stackNames.security), 'Custom::AWS')
      .map(([, r]) => sdkCall(r.Properties.Create))
      .filter((c: any) => c.action === action);

  test('delegates GuardDuty and auto-enables it in each region', () => {
    expect(calls('enableOrganizationAdminAccount').filter((c: any) => c.service === 'GuardDuty').map((c: any) => c.region).sort()).toEqual([...regions()].sort());
    expect(calls('updateOrganizationConfiguration').map((c: any) => c.region).sort()).toEqual([...regions()].sort());
  });

  test('delegates Security Hub in each region (natively in the home region)', () => {
    const home = model.unit('central-aws-prod')!.region;
    synth.template(stackNames.security).resourceCountIs('AWS::SecurityHub::DelegatedAdmin', 1);
    expect(calls('enableOrganizationAdminAccount').filter((c: any) => c.service === 'SecurityHub').map((c: any) => c.region)).toEqual(
      regions().filter((r) => r !== home),
    );
  });

  test('gives the administrator a detector and hub outside its home region before delegating there', () => {
    const home = model.unit('central-aws-prod')!.region;
    const template = synth.json(stackNames.security);
    const [regionalId, regional] = resourcesOfType(template, 'AWS::CloudFormation::StackSet').find(([, r]) => r.Properties.StackSetName === 'vend-security-regional')!;
    expect(regional.Properties.StackInstancesGroup[0].Regions).toEqual(regions().filter((r) => r !== home));
    for (const [, cr] of resourcesOfType(template, 'Custom::AWS')) {
      if (sdkCall(cr.Properties.Create).action === 'enableOrganizationAdminAccount') expect(cr.DependsOn).toContain(regionalId);
    }
    synth.library('RegionalSecurity').resourceCountIs('AWS::GuardDuty::Detector', 1);
    synth.library('RegionalSecurity').resourceCountIs('AWS::SecurityHub::Hub', 1);
  });

  test('exports every region\'s GuardDuty findings into the one data lake, with the data lake key', () => {
    synth.library('RegionalSecurity').hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
      DestinationType: 'S3',
      DestinationProperties: {
        DestinationArn: { 'Fn::Join': ['', [{ Ref: 'FindingsBucketArn' }, '/guardduty']] },
        KmsKeyArn: { Ref: 'FindingsKeyArn' },
      },
    });
    const template = synth.json(stackNames.security);
    const [, regional] = resourcesOfType(template, 'AWS::CloudFormation::StackSet').find(([, r]) => r.Properties.StackSetName === 'vend-security-regional')!;
    const keyArn = regional.Properties.Parameters.find((p: any) => p.ParameterKey === 'FindingsKeyArn').ParameterValue;
    const [lookupId] = keyArn['Fn::GetAtt'];
    const lookup = sdkCall(template.Resources![lookupId].Properties.Create);
    expect(lookup).toMatchObject({ service: 'KMS', action: 'describeKey', parameters: { KeyId: 'alias/vend/log-archive' } });
    synth.library('CentralBaseline').hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/vend/log-archive' });
  });

  test('sets the Security Hub organization configuration in every region', () => {
    const [, admin] = resourcesOfType(synth.json(stackNames.security), 'AWS::CloudFormation::StackSet').find(([, r]) => r.Properties.StackSetName === 'vend-security-admin')!;
    expect([...admin.Properties.StackInstancesGroup[0].Regions].sort()).toEqual([...regions()].sort());
  });
});

describe('PoP access', () => {
  const allowedOf = (pop: string) => {
    const template = synth.json(stackNames.popAccess(pop));
    const [, stackSet] = resourcesOfType(template, 'AWS::CloudFormation::StackSet')[0];
    const principals = stackSet.Properties.Parameters.find((p: any) => p.ParameterKey === PopAccessParameter.AllowedPrincipals).ParameterValue;
    // Each principal is `arn:aws:iam::<account>:root`, the account read from its accounts stack.
    expect(JSON.stringify(principals)).toMatch(/arn:aws:iam::/);
    return stackOutputsIn(principals);
  };
  const accountOutputOf = (unit: string) => {
    const u = model.unit(unit)!;
    return expect.objectContaining({ StackName: stackNames.accounts(shardOf(u)), OutputName: expect.stringContaining(`${u.name.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('')}Account`) });
  };

  test('allows exactly the accounts of the Spaces that name the PoP', () => {
    expect(allowedOf('pop-eu-prod')).toEqual([accountOutputOf('space-eu-acme-prod'), accountOutputOf('space-eu-shared-prod')]);
  });

  test('drops a decommissioned Space', () => {
    expect(allowedOf('pop-eu-dev')).toEqual([accountOutputOf('space-eu-shared-dev')]);
  });

  test('is a StackSet instance in the PoP\'s own account, with the service id read from the PoP', () => {
    const template = synth.json(stackNames.popAccess('pop-eu-prod'));
    const [, stackSet] = resourcesOfType(template, 'AWS::CloudFormation::StackSet')[0];
    const group = stackSet.Properties.StackInstancesGroup[0];
    expect(group.DeploymentTargets.Accounts[0]['Fn::GetStackOutput'].StackName).toBe(stackNames.accounts(shardOf(model.unit('pop-eu-prod')!)));
    expect(group.Regions).toEqual(['eu-west-1']);
    const serviceId = stackSet.Properties.Parameters.find((p: any) => p.ParameterKey === PopAccessParameter.ServiceId).ParameterValue;
    expect(serviceId['Fn::GetStackOutput'].StackName).toBe(stackNames.baseline(shardOf(model.unit('pop-eu-prod')!)));
    synth.library('PopAccess').hasResourceProperties('AWS::EC2::VPCEndpointServicePermissions', {
      ServiceId: { Ref: PopAccessParameter.ServiceId },
      AllowedPrincipals: { Ref: PopAccessParameter.AllowedPrincipals },
    });
  });

  test('is in place before a Space\'s baseline connects to the PoP', () => {
    const space = synth.assembly.getStackByName(stackNames.baseline(shardOf(model.unit('space-eu-acme-prod')!)));
    expect(space.dependencies.map((d) => d.id)).toContain(stackNames.popAccess('pop-eu-prod'));
  });

  test('reads the PoP\'s endpoint service from the PoP account through its reader role', () => {
    const template = synth.json(stackNames.baseline(shardOf(model.unit('pop-eu-prod')!)));
    const [, lookup] = resourcesOfType(template, 'Custom::AWS')[0];
    const create = JSON.stringify(lookup.Properties.Create);
    expect(create).toContain('describeVpcEndpointServiceConfigurations');
    expect(create).toContain('vend-endpoint-service-reader');
    expect(create).toContain('pop-eu-prod');
  });
});
