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

  test('make the Central account the Security Hub delegated administrator, then configure it centrally from there', () => {
    const template = synth.template(stackNames.security);
    template.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: centralAccountRef() });
    template.hasResource('AWS::CloudFormation::StackSet', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('SecurityHubDelegatedAdmin')]),
      Properties: Match.objectLike({ StackSetName: 'vend-security-admin', PermissionModel: 'SELF_MANAGED' }),
    });
  });

  test('apply Security Hub to every existing and future account through a central configuration policy on the root', () => {
    const admin = synth.libraryJson('SecurityAdmin');
    const [aggregatorId, aggregator] = resourcesOfType(admin, 'AWS::SecurityHub::FindingAggregator')[0];
    const home = model.unit('central-aws-prod')!.region;
    expect(aggregator.Properties).toEqual({ RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: model.catalog.organization.spec.aws!.regions.filter((r) => r !== home) });
    const [orgId, org] = resourcesOfType(admin, 'AWS::SecurityHub::OrganizationConfiguration')[0];
    expect(org).toMatchObject({ DependsOn: [aggregatorId], Properties: { AutoEnable: false, AutoEnableStandards: 'NONE', ConfigurationType: 'CENTRAL' } });
    const [policyId, policy] = resourcesOfType(admin, 'AWS::SecurityHub::ConfigurationPolicy')[0];
    expect(policy.DependsOn).toEqual([orgId]);
    const standards = model.unit('central-aws-prod')!.baseline.securityServices!.securityHubStandards;
    expect(policy.Properties.ConfigurationPolicy.SecurityHub.ServiceEnabled).toBe(true);
    expect(policy.Properties.ConfigurationPolicy.SecurityHub.EnabledStandardIdentifiers).toEqual(
      standards.map((s) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, `::standards/${s}`]] })),
    );
    expect(resourcesOfType(admin, 'AWS::SecurityHub::PolicyAssociation')[0][1].Properties).toEqual({
      ConfigurationPolicyId: { 'Fn::GetAtt': [policyId, 'Id'] },
      TargetId: { Ref: 'RootId' },
      TargetType: 'ROOT',
    });
    // The root comes from the organization's lookup, in the home region only.
    const [, stackSet] = resourcesOfType(synth.json(stackNames.security), 'AWS::CloudFormation::StackSet').find(([, r]) => r.Properties.StackSetName === 'vend-security-admin')!;
    expect(stackSet.Properties.StackInstancesGroup.map((g: any) => g.Regions)).toEqual([[home]]);
    expect(stackSet.Properties.Parameters).toEqual([{ ParameterKey: 'RootId', ParameterValue: expect.objectContaining({ 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Vend-Organization' }) }) }]);
  });

  test('auto-enable the Central template\'s GuardDuty protection plans for every account, and run them in the administrator', () => {
    const features = model.unit('central-aws-prod')!.baseline.securityServices!.guardDutyFeatures;
    expect(features.length).toBeGreaterThan(0);
    const autoEnable = resourcesOfType(synth.json(stackNames.security), 'Custom::AWS')
      .map(([, r]) => JSON.stringify(r.Properties.Create))
      .filter((c) => c.includes('updateOrganizationConfiguration'));
    expect(autoEnable.length).toBe(model.catalog.organization.spec.aws!.regions.length);
    for (const call of autoEnable) for (const f of features) expect(call).toContain(`{\\"Name\\":\\"${f}\\",\\"AutoEnable\\":\\"ALL\\"}`);
    for (const id of ['CentralBaseline', 'RegionalSecurity']) {
      const [, detector] = resourcesOfType(synth.libraryJson(id), 'AWS::GuardDuty::Detector')[0];
      expect(detector.Properties.Features.map((f: any) => [f.Name, f.Status])).toEqual(features.map((f) => [f, 'ENABLED']));
    }
  });

  test('register the Central account for AWS Config and IAM Access Analyzer, whose organization views it then creates', () => {
    const registrations = resourcesOfType(synth.json(stackNames.security), 'Custom::AWS')
      .map(([, r]) => JSON.stringify(r.Properties.Create))
      .filter((c) => c.includes('registerDelegatedAdministrator'));
    expect(registrations.map((c) => /config\.amazonaws\.com|access-analyzer\.amazonaws\.com/.exec(c)?.[0]).sort()).toEqual(['access-analyzer.amazonaws.com', 'config.amazonaws.com']);
    const admin = synth.library('SecurityAdmin');
    admin.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' });
    admin.hasResourceProperties('AWS::Config::ConfigurationAggregator', { OrganizationAggregationSource: Match.objectLike({ AllAwsRegions: true }) });
  });
});

describe('the organization trail\'s data events', () => {
  test('record every management event, reads and deletions in vend\'s log buckets, and all tenant data-bucket object calls', () => {
    const [, trail] = resourcesOfType(synth.json(stackNames.security), 'AWS::CloudTrail::Trail')[0];
    expect(trail.Properties.EventSelectors).toBeUndefined();
    const selectors = trail.Properties.AdvancedEventSelectors as any[];
    const prefix = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::vend-acme-${name}-`]] });
    expect(selectors.map((s) => s.Name)).toEqual(['Management events', 'Log archive reads', 'Log archive deletions and retention changes', 'Tenant data buckets']);
    expect(selectors[0].FieldSelectors).toEqual([{ Field: 'eventCategory', Equals: ['Management'] }]);
    expect(selectors[1].FieldSelectors).toContainEqual({ Field: 'readOnly', Equals: ['true'] });
    expect(selectors[1].FieldSelectors).toContainEqual({ Field: 'resources.ARN', StartsWith: [prefix('log-archive'), prefix('lb-logs')] });
    expect(selectors[2].FieldSelectors.find((f: any) => f.Field === 'eventName').Equals).toContain('DeleteObject');
    expect(selectors[3].FieldSelectors).toContainEqual({ Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::vend-data-']] }] });
    // The Spaces' data buckets carry that prefix.
    const [, bucket] = resourcesOfType(synth.libraryJson('SpaceBaseline'), 'AWS::S3::Bucket')[0];
    expect(bucket.Properties.BucketName).toEqual({ 'Fn::Join': ['', ['vend-data-', { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]] });
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
    const delegations = resourcesOfType(template, 'Custom::AWS')
      .map(([id, cr]) => ({ id, call: sdkCall(cr.Properties.Create), dependsOn: cr.DependsOn }))
      .filter(({ call }) => call.action === 'enableOrganizationAdminAccount');
    expect(delegations.map(({ call }) => `${call.service} ${call.region}`).sort()).toEqual(
      [...regions().map((r) => `GuardDuty ${r}`), ...regions().filter((r) => r !== home).map((r) => `SecurityHub ${r}`)].sort(),
    );
    for (const { id, dependsOn } of delegations) expect({ id, dependsOn }).toEqual({ id, dependsOn: expect.arrayContaining([regionalId]) });
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
  // The output of the unit's accounts stack whose value is the unit's account id.
  const accountOutputOf = (unit: string) => {
    const stack = stackNames.accounts(shardOf(model.unit(unit)!));
    const template = synth.json(stack);
    const [logicalId] = resourcesOfType(template, 'AWS::Organizations::Account').find(([, r]) => r.Properties.AccountName === unit)!;
    const outputs = Object.entries(template.Outputs ?? {}).filter(([, o]) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [logicalId, 'AccountId'] }));
    expect(outputs).toHaveLength(1);
    return expect.objectContaining({ StackName: stack, OutputName: outputs[0][0] });
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

describe('PoP access when the last Space leaves', () => {
  test('keeps the stack, with no stack instance, so CloudFormation removes the last Space\'s permission', () => {
    const { decommissionedModel } = require('../operations/support/fixtures') as typeof import('../operations/support/fixtures');
    const lone = decommissionedModel(model, 'space-eu-shared-dev');
    expect(lone.units.filter((u) => u.kind === 'Space' && u.lifecycle === 'active' && u.network?.pop === 'pop-eu-dev')).toEqual([]);
    const [, stackSet] = resourcesOfType(synthesize(lone).json(stackNames.popAccess('pop-eu-dev')), 'AWS::CloudFormation::StackSet')[0];
    expect(stackSet.Properties.StackInstancesGroup).toEqual([]);
    // While a Space remains, the instance is there.
    const [, before] = resourcesOfType(synth.json(stackNames.popAccess('pop-eu-dev')), 'AWS::CloudFormation::StackSet')[0];
    expect(before.Properties.StackInstancesGroup).toHaveLength(1);
  });
});
