/**
 * Properties that must hold for any catalog, checked over the synthesized cloud assembly (the
 * management-account stacks and every template embedded in their StackSets), on the bundled catalog
 * and on a generated 300-account one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkStackLimits, shardOf, stackNames, templateStackSetProblems, TLS_POLICY } from '../../lib/aws';
import { AWS_SUBNET_HOST_BITS, DEFAULT_QUOTAS, LONGEST_ORGANIZATION_ID, loadModel, minifiedSize, networkLayout, ORGANIZATION_POLICY_TYPES, writeGeneratedCatalog } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize, type CfnTemplate, type Synthesized } from './support';

interface Located {
  readonly where: string;
  readonly template: CfnTemplate;
}

/** Main-app templates plus every StackSet template body, each labelled with where it came from. */
function everyTemplate(synth: Synthesized): Located[] {
  const out: Located[] = [];
  for (const [name, template] of synth.all()) {
    out.push({ where: name, template });
    for (const [id, r] of resourcesOfType(template, 'AWS::CloudFormation::StackSet')) {
      out.push({ where: `${name}/${id} (${r.Properties.StackSetName})`, template: JSON.parse(r.Properties.TemplateBody) });
    }
  }
  return out;
}

/** A policy's content with every Fn::Join flattened and every reference replaced by the longest organization id. */
function withLongestOrganizationId(content: unknown): unknown {
  return JSON.parse(JSON.stringify(content), (_key, value) => {
    if (value && typeof value === 'object' && 'Fn::Join' in value) return value['Fn::Join'][1].join(value['Fn::Join'][0]);
    if (value && typeof value === 'object' && 'Ref' in value) return LONGEST_ORGANIZATION_ID;
    return value;
  });
}

const cases: Array<[string, () => Synthesized]> = [
  ['the bundled catalog', () => synthesize(bundledModel())],
  [
    'a generated 300-account catalog',
    () => {
      const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-aws-inv-')), 'catalog');
      writeGeneratedCatalog(dir, { units: 300, cloud: 'aws' });
      return synthesize(loadModel({ catalogDir: dir }));
    },
  ],
];

describe.each(cases)('invariants of %s', (_label, make) => {
  let synth: Synthesized;
  let templates: Located[];
  beforeAll(() => {
    synth = make();
    templates = everyTemplate(synth);
  });

  test('every active account has exactly one baseline stack instance, and no decommissioned account has one', () => {
    const baselined: string[] = [];
    for (const [, template] of synth.all()) {
      for (const [, r] of resourcesOfType(template, 'AWS::CloudFormation::StackSet')) {
        if (!String(r.Properties.StackSetName).startsWith('vend-baseline-')) continue;
        for (const group of r.Properties.StackInstancesGroup) {
          for (const account of group.DeploymentTargets.Accounts) {
            const out = account['Fn::GetStackOutput'];
            baselined.push(`${out.StackName}/${out.OutputName}`);
          }
        }
      }
    }
    const lifecycle = new Map(synth.vend.model.units.map((u) => [u.name, u.lifecycle]));
    let accounts = 0;
    for (const [stackName, template] of synth.all()) {
      for (const [logicalId, account] of resourcesOfType(template, 'AWS::Organizations::Account')) {
        accounts++;
        const output = Object.entries(template.Outputs ?? {}).find(([, o]) => o.Value?.['Fn::GetAtt']?.[0] === logicalId);
        const instances = output ? baselined.filter((b) => b === `${stackName}/${output[0]}`).length : 0;
        const name = account.Properties.AccountName;
        expect({ name, instances }).toEqual({ name, instances: lifecycle.get(name) === 'active' ? 1 : 0 });
      }
    }
    expect(accounts).toBe(synth.vend.model.units.filter((u) => u.cloud === 'aws').length);
  });

  test('no StackSet associates one deployment target with two parameter sets, or repeats an instance', () => {
    let groups = 0;
    for (const [name, template] of synth.all()) {
      for (const [, r] of resourcesOfType(template, 'AWS::CloudFormation::StackSet')) groups += (r.Properties.StackInstancesGroup ?? []).length;
      expect({ name, problems: templateStackSetProblems(template) }).toEqual({ name, problems: [] });
    }
    expect(groups).toBeGreaterThan(0);
  });

  test('every subnet is pinned by Availability Zone id from the organization\'s zones, the same in every template', () => {
    const zones = synth.vend.model.catalog.organization.spec.aws!.availabilityZoneIds!;
    const expected = Object.fromEntries(Object.entries(zones).map(([r, ids]) => [r, { Zone1: ids[0], Zone2: ids[1] }]));
    let subnets = 0;
    for (const { where, template } of templates) {
      const inTemplate = resourcesOfType(template, 'AWS::EC2::Subnet');
      if (inTemplate.length === 0) continue;
      expect({ where, mapping: (template as any).Mappings?.AvailabilityZoneIds }).toEqual({ where, mapping: expected });
      for (const [id, subnet] of inTemplate) {
        subnets++;
        expect({ subnet: `${where}/${id}`, name: subnet.Properties.AvailabilityZone }).toEqual({ subnet: `${where}/${id}`, name: undefined });
        expect(subnet.Properties.AvailabilityZoneId).toEqual({ 'Fn::FindInMap': ['AvailabilityZoneIds', { Ref: 'AWS::Region' }, expect.stringMatching(/^Zone[12]$/)] });
      }
    }
    expect(subnets).toBeGreaterThan(0);
  });

  test("every baseline VPC is carved as the model's network layout of its kind says (the layout vend validate checks the CIDR against)", () => {
    let subnets = 0;
    for (const [kind, stack] of synth.vend.library.baselineStacks) {
      const template = JSON.parse(synth.vend.library.body(stack)) as CfnTemplate;
      const layout = networkLayout('aws', kind);
      for (const [id, subnet] of resourcesOfType(template, 'AWS::EC2::Subnet')) {
        subnets++;
        const [index, [cidr, count, bits]] = subnet.Properties.CidrBlock['Fn::Select'].map((v: any, i: number) => (i === 1 ? v['Fn::Cidr'] : v));
        expect({ subnet: `${kind}/${id}`, count, bits, prefix: 32 - Number(bits) }).toEqual({ subnet: `${kind}/${id}`, count: layout.subnets, bits: String(AWS_SUBNET_HOST_BITS), prefix: layout.subnetPrefix(16) });
        expect(index).toBeLessThan(layout.subnets);
        expect(cidr).toEqual({ Ref: expect.any(String) });
      }
    }
    expect(subnets).toBeGreaterThan(0);
  });

  test('Space endpoints and PoP load balancers sit in those pinned subnets, and a Space is deployed in its PoP\'s region', () => {
    const library = (kind: string) => synth.vend.library.baselineStacks.get(kind as never);
    const popTemplate = JSON.parse(synth.vend.library.body(library('PoP')!)) as CfnTemplate;
    const spaceTemplate = JSON.parse(synth.vend.library.body(library('Space')!)) as CfnTemplate;
    const subnetIds = (t: CfnTemplate) => new Set(resourcesOfType(t, 'AWS::EC2::Subnet').filter(([id]) => id.includes('Private')).map(([id]) => id));
    const [, nlb] = resourcesOfType(popTemplate, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
    expect(nlb.Properties.Subnets.map((s: any) => s.Ref).sort()).toEqual([...subnetIds(popTemplate)].sort());
    const [, endpoint] = resourcesOfType(spaceTemplate, 'AWS::EC2::VPCEndpoint').find(([, r]) => r.Properties.ServiceName?.Ref === 'PopServiceName')!;
    expect(endpoint.Properties.SubnetIds.map((s: any) => s.Ref).sort()).toEqual([...subnetIds(spaceTemplate)].sort());
    let pairs = 0;
    for (const space of synth.vend.model.units.filter((u) => u.cloud === 'aws' && u.kind === 'Space' && u.lifecycle === 'active')) {
      const pop = synth.vend.model.unit(space.network!.pop!)!;
      if (pop.cloud !== 'aws') continue;
      pairs++;
      expect({ space: space.name, region: space.region }).toEqual({ space: space.name, region: pop.region });
    }
    expect(pairs).toBeGreaterThan(0);
  });

  test('every PoP load balancer has an access-log bucket in its own region, in the Central account (B6)', () => {
    const logs = synth.json('Vend-AccessLogs');
    const [, stackSet] = resourcesOfType(logs, 'AWS::CloudFormation::StackSet')[0];
    const central = synth.vend.model.units.find((u) => u.cloud === 'aws' && u.kind === 'Central' && u.lifecycle === 'active')!;
    const logRegions = new Set<string>();
    for (const group of stackSet.Properties.StackInstancesGroup) {
      expect(group.DeploymentTargets.Accounts).toEqual([{ 'Fn::GetStackOutput': expect.objectContaining({ StackName: stackNames.accounts(shardOf(central)) }) }]);
      for (const region of group.Regions) logRegions.add(region);
    }
    const popRegions = synth.vend.model.units.filter((u) => u.cloud === 'aws' && u.kind === 'PoP' && u.lifecycle === 'active').map((u) => u.region);
    expect(popRegions.length).toBeGreaterThan(0);
    expect([...logRegions].sort()).toEqual([...new Set(popRegions)].sort());
    for (const [name] of synth.all()) {
      if (!/^Vend-Baseline-.*-PoPs-/.test(name)) continue;
      expect(synth.assembly.getStackByName(name).dependencies.map((d) => d.id)).toContain('Vend-AccessLogs');
    }
  });

  test('every KMS key rotates', () => {
    let keys = 0;
    for (const { where, template } of templates) {
      for (const [id, r] of resourcesOfType(template, 'AWS::KMS::Key')) {
        keys++;
        expect({ key: `${where}/${id}`, rotation: r.Properties.EnableKeyRotation }).toEqual({ key: `${where}/${id}`, rotation: true });
      }
    }
    expect(keys).toBeGreaterThan(0);
  });

  test('every bucket blocks public access and enforces TLS', () => {
    let buckets = 0;
    for (const { where, template } of templates) {
      const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy');
      for (const [id, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
        buckets++;
        expect({ bucket: `${where}/${id}`, block: bucket.Properties.PublicAccessBlockConfiguration }).toEqual({
          bucket: `${where}/${id}`,
          block: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        });
        const policy = policies.find(([, p]) => p.Properties.Bucket?.Ref === id);
        const tlsOnly = policy?.[1].Properties.PolicyDocument.Statement.some(
          (s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        );
        expect({ bucket: `${where}/${id}`, tlsOnly }).toEqual({ bucket: `${where}/${id}`, tlsOnly: true });
      }
    }
    expect(buckets).toBeGreaterThan(0);
  });

  test('no Space has a route to the internet', () => {
    const spaceTemplates = templates.filter((t) => /Spaces/.test(t.where) && t.where.includes('vend-baseline-'));
    expect(spaceTemplates.length).toBeGreaterThan(0);
    const internet = ['AWS::EC2::InternetGateway', 'AWS::EC2::EgressOnlyInternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP',
      'AWS::EC2::VPCPeeringConnection', 'AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::VPNGateway', 'AWS::EC2::CarrierGateway'];
    for (const { where, template } of spaceTemplates) {
      const types = Object.values(template.Resources ?? {}).map((r) => r.Type);
      expect({ where, internet: types.filter((t) => internet.includes(t)) }).toEqual({ where, internet: [] });
      for (const [, route] of resourcesOfType(template, 'AWS::EC2::Route')) {
        expect(route.Properties.DestinationCidrBlock).not.toBe('0.0.0.0/0');
        expect(route.Properties.DestinationIpv6CidrBlock).toBeUndefined();
      }
      for (const [, subnet] of resourcesOfType(template, 'AWS::EC2::Subnet')) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  test('every Space OU carries the network-isolation SCP', () => {
    const org = synth.json('Vend-Organization');
    const spaceOus = resourcesOfType(org, 'AWS::Organizations::OrganizationalUnit').filter(([, r]) => r.Properties.Name === 'Spaces').map(([id]) => id);
    const [, isolation] = resourcesOfType(org, 'AWS::Organizations::Policy').find(([, r]) => r.Properties.Name === 'vend-space-network-isolation')!;
    expect(isolation.Properties.TargetIds.map((t: any) => t['Fn::GetAtt'][0]).sort()).toEqual(spaceOus.sort());
  });

  test('no organization policy exceeds its size quota and no OU exceeds a per-target quota', () => {
    const org = synth.json('Vend-Organization');
    for (const type of ORGANIZATION_POLICY_TYPES) {
      const perTarget = new Map<string, number>();
      for (const [, policy] of resourcesOfType(org, 'AWS::Organizations::Policy').filter(([, p]) => p.Properties.Type === type.awsType)) {
        // The organization id is a deploy-time reference; count it at its longest.
        const content = withLongestOrganizationId(policy.Properties.Content);
        expect(minifiedSize(content)).toBeLessThanOrEqual(type.maxCharacters(DEFAULT_QUOTAS));
        const always = type.alwaysAttached ? 1 : 0;
        for (const t of policy.Properties.TargetIds) perTarget.set(t['Fn::GetAtt'][0], (perTarget.get(t['Fn::GetAtt'][0]) ?? always) + 1);
      }
      for (const count of perTarget.values()) expect(count).toBeLessThanOrEqual(type.maxPerTarget(DEFAULT_QUOTAS));
    }
  });

  test('every listener uses TLS 1.2 or newer', () => {
    let listeners = 0;
    for (const { template } of templates) {
      for (const [, listener] of resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::Listener')) {
        listeners++;
        expect(listener.Properties.Protocol).toMatch(/^(TLS|HTTPS)$/);
        expect(listener.Properties.SslPolicy).toBe(TLS_POLICY);
      }
    }
    expect(listeners).toBeGreaterThan(0);
  });

  test('no IAM user or access key exists anywhere', () => {
    for (const { template } of templates) {
      expect(resourcesOfType(template, 'AWS::IAM::User')).toEqual([]);
      expect(resourcesOfType(template, 'AWS::IAM::AccessKey')).toEqual([]);
    }
  });

  test('every stack fits CloudFormation\'s limits with vend\'s headroom', () => {
    expect(checkStackLimits(synth.assembly)).toEqual([]);
  });

  test('every Ref, Fn::GetAtt and Fn::Sub names a parameter, resource or pseudo parameter of its own template (another stack\'s value arrives as Fn::GetStackOutput)', () => {
    let checked = 0;
    for (const { where, template } of templates) {
      const names = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Resources ?? {})]);
      const dangling = referencesIn(template.Resources ?? {}).concat(referencesIn(template.Outputs ?? {})).filter((n) => !n.startsWith('AWS::') && !names.has(n));
      expect({ where, dangling: [...new Set(dangling)] }).toEqual({ where, dangling: [] });
      checked += referencesIn(template.Resources ?? {}).length;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

/** Logical names referenced by Ref, Fn::GetAtt and Fn::Sub (`${Name}`, `${Name.Attr}`; `${!...}` is literal). */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (!value || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') out.push(inner);
    else if (key === 'Fn::GetAtt') out.push(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
    else if (key === 'Fn::Sub') {
      const [text, vars] = Array.isArray(inner) ? [inner[0] as string, inner[1] as Record<string, unknown>] : [inner as string, {}];
      for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) if (!(m[1] in vars)) out.push(m[1].split('.')[0]);
      out.push(...referencesIn(Object.values(vars)));
      continue;
    }
    out.push(...referencesIn(inner));
  }
  return out;
}
