import { App } from 'aws-cdk-lib';
import { OrganizationStack, ScpQuotaError, stackNames } from '../../lib/aws';
import { exemptRoleArns, ORGANIZATION_POLICY_TYPES, organizationPolicyName, policyOf, renderScp, scpName, type VendModel } from '../../lib/model';
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
  test.each(ORGANIZATION_POLICY_TYPES.map((t) => [t.awsType, t] as const))('are one %s per control that names one, named by the model', (awsType, type) => {
    const expected = [...model.catalog.controls.values()].filter((c) => policyOf(c, type.kind)).map((c) => organizationPolicyName(c.spec.name, type.kind)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(policies().filter(([, r]) => r.Properties.Type === awsType).map(([, r]) => r.Properties.Name).sort()).toEqual(expected);
  });

  test('SCPs keep their live names (plan and drift compare them)', () => {
    const scps = policies().filter(([, r]) => r.Properties.Type === 'SERVICE_CONTROL_POLICY');
    expect(scps.map(([, r]) => r.Properties.Name).sort()).toEqual([...model.catalog.controls.values()].filter((c) => c.scp).map((c) => scpName(c.spec.name)).sort());
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
    ['deny-leave-organization', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['deny-root-user', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['allowed-regions', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['deny-long-lived-credentials', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['secure-storage', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['protect-security-baseline', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['protect-vend-principals', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['ec2-secure-defaults', 'SERVICE_CONTROL_POLICY', ['acme']],
    ['ec2-secure-defaults-declarative', 'DECLARATIVE_POLICY_EC2', ['acme']],
    ['data-perimeter-rcp', 'RESOURCE_CONTROL_POLICY', ['acme']],
    ['space-network-isolation', 'SERVICE_CONTROL_POLICY', ['acme/dev/Spaces', 'acme/prod/Spaces']],
    ['space-network-isolation-declarative', 'DECLARATIVE_POLICY_EC2', ['acme/dev/Spaces', 'acme/prod/Spaces']],
    ['deny-all', 'SERVICE_CONTROL_POLICY', ['acme/Quarantine']],
  ])('attach vend-%s (%s) to %j', (name, type, paths) => {
    synth.template(stackNames.organization).hasResourceProperties('AWS::Organizations::Policy', {
      Name: `vend-${name}`,
      Type: type,
      TargetIds: paths.map((p) => ({ 'Fn::GetAtt': [ouLogicalId(p), 'Id'] })),
    });
  });

  test('carry the rendered SCPs: regions, partition and exempt roles filled in, no placeholder left', () => {
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
    expect(all).toContain(JSON.stringify({ 'aws:PrincipalARN': exemptRoleArns('aws') }));
  });

  test('never exempt the management-account pipeline role (SCPs do not apply there, so it could only help an impostor)', () => {
    expect(JSON.stringify(policies())).not.toMatch(/VendPipelineRole|vendingRoleName/);
    for (const [, policy] of policies().filter(([, r]) => r.Properties.Type !== 'DECLARATIVE_POLICY_EC2')) {
      const conditions = JSON.stringify(policy.Properties.Content.Statement.map((s: any) => s.Condition ?? {}));
      for (const exempted of conditions.match(/arn:aws:iam::\*:role\/[^"]+/g) ?? []) {
        expect(exemptRoleArns('aws')).toContain(exempted);
      }
    }
  });

  test('the RCP compares principals with the organization id read at deploy time', () => {
    const [, rcp] = policies().find(([, r]) => r.Properties.Type === 'RESOURCE_CONTROL_POLICY')!;
    const orgId = rcp.Properties.Content.Statement[0].Condition.StringNotEqualsIfExists['aws:PrincipalOrgID'];
    expect(synth.json(stackNames.organization).Parameters![orgId.Ref].Default).toBe('/vend/organization/id');
  });

  // What each guardrail denies and allows is proven by evaluation (test/aws/guardrail-scenarios.test.ts);
  // its size and count quotas by test/aws/invariants.test.ts.
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
    expect(() => new OrganizationStack(new App(), 'Org', { model: withQuotas({ rcpMaxCharacters: 200 }) })).toThrow(
      /data-perimeter\.control\.yaml:\d+: aws\.rcp: RCP is \d+ characters minified; the quota is 200/,
    );
  });

  test('fails when an OU would carry more SCPs or RCPs than allowed per target', () => {
    // The organization OU has 8 vend SCPs plus FullAWSAccess, and 1 vend RCP plus RCPFullAWSAccess.
    expect(() => new OrganizationStack(new App(), 'Org', { model: withQuotas({ scpMaxPerTarget: 8 }) })).toThrow(
      /OU acme would have 9 SCPs \(.* and FullAWSAccess\); the quota is 8 per target/,
    );
    expect(() => new OrganizationStack(new App(), 'Org', { model: withQuotas({ rcpMaxPerTarget: 1 }) })).toThrow(
      /OU acme would have 2 RCPs \(.* and RCPFullAWSAccess\); the quota is 1 per target/,
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
