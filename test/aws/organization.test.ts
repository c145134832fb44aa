import { App } from 'aws-cdk-lib';
import { OrganizationStack, ScpQuotaError, stackNames } from '../../lib/aws';
import { minifiedSize, renderScp, scpName, type VendModel } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize, type Synthesized } from './support';

let model: VendModel;
let synth: Synthesized;
beforeAll(() => {
  model = bundledModel();
  synth = synthesize(model);
});

const ous = () => resourcesOfType(synth.json(stackNames.organization), 'AWS::Organizations::OrganizationalUnit');
const policies = () => resourcesOfType(synth.json(stackNames.organization), 'AWS::Organizations::Policy');
const ouLogicalId = (path: string) => {
  const node = model.hierarchy.nodes.find((n) => n.aws.path === path)!;
  const found = ous().find(([, r]) => r.Properties.Tags.some((t: any) => t.Key === 'vend:node' && t.Value === node.key));
  if (!found) throw new Error(`no OU for ${path}`);
  return found[0];
};

describe('the organization structure', () => {
  test('has one OU per derived hierarchy node, named after it', () => {
    expect(ous().map(([, r]) => r.Properties.Name).sort()).toEqual(model.hierarchy.nodes.map((n) => n.aws.name).sort());
  });

  test('puts the organization OU under the root id read from SSM at deploy time', () => {
    const [, top] = ous().find(([, r]) => r.Properties.Name === 'acme')!;
    const rootParam = top.Properties.ParentId.Ref;
    const template = synth.json(stackNames.organization);
    expect(template.Parameters![rootParam]).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/vend/organization/root-id' });
  });

  test.each([
    ['acme/prod', 'acme'],
    ['acme/prod/Spaces', 'acme/prod'],
    ['acme/dev/PoPs', 'acme/dev'],
    ['acme/Quarantine', 'acme'],
  ])('nests %s under %s', (child, parent) => {
    const [, ou] = ous().find(([id]) => id === ouLogicalId(child))!;
    expect(ou.Properties.ParentId).toEqual({ 'Fn::GetAtt': [ouLogicalId(parent), 'Id'] });
  });
});

describe('the guardrails', () => {
  test('are one SCP per control with an AWS realization, named by the model', () => {
    const expected = [...model.catalog.controls.values()].filter((c) => c.scp).map((c) => scpName(c.spec.name)).sort();
    expect(policies().map(([, r]) => r.Properties.Name).sort()).toEqual(expected);
    for (const [, policy] of policies()) expect(policy.Properties.Type).toBe('SERVICE_CONTROL_POLICY');
  });

  test('are attached only to OUs, never to accounts', () => {
    const ouIds = new Set(ous().map(([id]) => id));
    for (const [, policy] of policies()) {
      expect(policy.Properties.TargetIds.length).toBeGreaterThan(0);
      for (const target of policy.Properties.TargetIds) {
        expect(target['Fn::GetAtt']?.[1]).toBe('Id');
        expect(ouIds.has(target['Fn::GetAtt'][0])).toBe(true);
      }
    }
  });

  test.each([
    ['deny-leave-organization', ['acme']],
    ['deny-root-user', ['acme']],
    ['allowed-regions', ['acme']],
    ['deny-long-lived-credentials', ['acme']],
    ['secure-storage', ['acme']],
    ['protect-security-baseline', ['acme']],
    ['space-network-isolation', ['acme/dev/Spaces', 'acme/prod/Spaces']],
    ['deny-all', ['acme/Quarantine']],
  ])('attach %s to %j', (control, paths) => {
    synth.template(stackNames.organization).hasResourceProperties('AWS::Organizations::Policy', {
      Name: scpName(control),
      TargetIds: paths.map((p) => ({ 'Fn::GetAtt': [ouLogicalId(p), 'Id'] })),
    });
  });

  test('carry the rendered policy: regions and the vending role filled in, no placeholder left', () => {
    const org = model.catalog.organization.spec;
    for (const control of model.catalog.controls.values()) {
      if (!control.scp) continue;
      synth.template(stackNames.organization).hasResourceProperties('AWS::Organizations::Policy', {
        Name: scpName(control.spec.name),
        Content: renderScp(control.scp, org),
      });
    }
    const all = JSON.stringify(policies());
    expect(all).not.toContain('{{');
    expect(all).toContain('"aws:RequestedRegion":["us-east-1","eu-west-1"]');
  });

  test('deny what the issue lists', () => {
    const content = (control: string) => JSON.stringify(policies().find(([, r]) => r.Properties.Name === scpName(control))![1].Properties.Content);
    expect(content('deny-leave-organization')).toContain('organizations:LeaveOrganization');
    expect(content('protect-security-baseline')).toEqual(expect.stringContaining('guardduty:DeleteDetector'));
    expect(content('protect-security-baseline')).toEqual(expect.stringContaining('cloudtrail:StopLogging'));
    expect(content('protect-security-baseline')).toEqual(expect.stringContaining('config:StopConfigurationRecorder'));
    expect(content('protect-security-baseline')).toEqual(expect.stringContaining('vend:managed'));
    expect(content('deny-root-user')).toContain('arn:aws:iam::*:root');
    expect(content('deny-long-lived-credentials')).toEqual(expect.stringContaining('iam:CreateAccessKey'));
    expect(content('secure-storage')).toEqual(expect.stringContaining('s3:PutBucketPublicAccessBlock'));
    expect(content('secure-storage')).toEqual(expect.stringContaining('s3:x-amz-server-side-encryption'));
    for (const action of ['ec2:CreateInternetGateway', 'ec2:AssociateAddress', 'ec2:CreateVpcPeeringConnection']) {
      expect(content('space-network-isolation')).toContain(action);
    }
    expect(content('deny-all')).toContain('"Action":"*"');
  });

  test('each stays within the SCP size quota', () => {
    for (const [, policy] of policies()) expect(minifiedSize(policy.Properties.Content)).toBeLessThanOrEqual(10_240);
  });
});

describe('SCP quotas', () => {
  const withQuotas = (quotas: Record<string, number>): VendModel => ({
    ...model,
    catalog: {
      ...model.catalog,
      organization: {
        ...model.catalog.organization,
        spec: { ...model.catalog.organization.spec, quotas },
      },
    },
  });

  test('fails before synthesis when an SCP exceeds the character limit', () => {
    expect(() => new OrganizationStack(new App(), 'Org', { model: withQuotas({ scpMaxCharacters: 200 }) })).toThrow(ScpQuotaError);
    expect(() => new OrganizationStack(new App(), 'Org', { model: withQuotas({ scpMaxCharacters: 200 }) })).toThrow(
      /allowed-regions\.control\.yaml:9: aws\.scp: SCP is \d+ characters minified; the quota is 200/,
    );
  });

  test('fails when an OU would carry more SCPs than allowed per target', () => {
    // The organization OU has 6 vend SCPs plus FullAWSAccess.
    expect(() => new OrganizationStack(new App(), 'Org', { model: withQuotas({ scpMaxPerTarget: 6 }) })).toThrow(
      /OU acme would have 7 SCPs \(.* and FullAWSAccess\); the quota is 6 per target/,
    );
  });

  test('accepts the bundled catalog at the default limits', () => {
    expect(() => new OrganizationStack(new App(), 'Org', { model })).not.toThrow();
  });
});

describe('hierarchy paths', () => {
  test('are o-…/r-…/ou-…/ chains from the organization id down to the node, for aws:PrincipalOrgPaths', () => {
    const stack = synth.vend.organization;
    const [, parts] = stack.resolve(stack.orgPath('prod/Space'))['Fn::Join'];
    const template = synth.json(stackNames.organization);
    const segments = parts.filter((p: unknown) => p !== '/');
    expect(parts.filter((p: unknown) => p === '/').length).toBe(5);
    expect(template.Parameters![segments[0].Ref].Default).toBe('/vend/organization/id');
    expect(template.Parameters![segments[1].Ref].Default).toBe('/vend/organization/root-id');
    expect(segments.slice(2)).toEqual(
      ['acme', 'acme/prod', 'acme/prod/Spaces'].map((p) => ({ 'Fn::GetAtt': [ouLogicalId(p), 'Id'] })),
    );
  });
});
