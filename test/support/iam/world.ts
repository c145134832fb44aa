/**
 * The organization as the IAM evaluator sees it: the SCPs and RCPs of the synthesized
 * Vend-Organization template (content and TargetIds, resolved), the OU of every hierarchy node, the
 * Space baseline's endpoint policies and the operator role's trust, for fixed example accounts.
 * Built from ONE synthesis of the AWS app per test file.
 */
import type { SimulationOrgPolicies } from '@cloud-copilot/iam-simulate';
import { awsPartition, fnv1a, QUARANTINE_KEY, type VendModel } from '../../../lib/model';
import { stackNames } from '../../../lib/aws';
import { bundledModel, resourcesOfType, synthesize, type CfnTemplate, type Synthesized } from '../../aws/support';
import { resolveCfn } from './cfn-resolve';

/** Example ids: nothing here is a real account or organization. */
export const EXAMPLE = {
  organizationId: 'o-vendexample1',
  rootId: 'r-vend',
  account: '111122223333',
  peer: '444455556666',
  external: '999988887777',
} as const;

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export interface OrganizationPolicy {
  readonly name: string;
  readonly document: { Version: string; Statement: Array<Record<string, unknown>> };
  /** Hierarchy node keys the policy is attached to. */
  readonly targets: readonly string[];
}

export interface GuardrailWorld {
  readonly model: VendModel;
  readonly synth: Synthesized;
  readonly partition: string;
  readonly regions: readonly string[];
  readonly managementAccount: string;
  readonly scps: readonly OrganizationPolicy[];
  readonly rcps: readonly OrganizationPolicy[];
  /** Placement node keys an account can be in: every function node, and quarantine. */
  readonly placements: readonly string[];
  ouId(node: string): string;
  /** `o-…/r-…/ou-…/…/`: aws:PrincipalOrgPaths / aws:ResourceOrgPaths of an account in the placement. */
  orgPath(placement: string): string;
  scpLevels(placement: string, policies?: readonly OrganizationPolicy[]): SimulationOrgPolicies[];
  rcpLevels(placement: string): SimulationOrgPolicies[];
  /** The synthesized policy of the Space baseline's interface endpoint for a service. */
  endpointPolicy(service: string, region: string): Record<string, unknown>;
  /** The synthesized trust policy of vend-unit-operator in an account of the given kind. */
  operatorTrust(kind: string, account: string): Record<string, unknown>;
}

export function loadGuardrailWorld(model: VendModel = bundledModel()): GuardrailWorld {
  const synth = synthesize(model);
  const org = synth.json(stackNames.organization);
  const nodeOfOu = new Map<string, string>();
  for (const [id, ou] of resourcesOfType(org, 'AWS::Organizations::OrganizationalUnit')) {
    nodeOfOu.set(id, ou.Properties.Tags.find((t: { Key: string }) => t.Key === 'vend:node').Value);
  }
  const ouId = (node: string) => `ou-vend-${fnv1a(node)}`;
  const refs = parameterValues(org);
  const attributes = Object.fromEntries([...nodeOfOu].map(([id, node]) => [`${id}.Id`, ouId(node)]));
  const nodeOfOuId = new Map([...nodeOfOu.values()].map((node) => [ouId(node), node]));
  const policiesOf = (type: string): OrganizationPolicy[] =>
    resourcesOfType(org, 'AWS::Organizations::Policy')
      .filter(([, p]) => p.Properties.Type === type)
      .map(([id, p]) => ({
        name: p.Properties.Name,
        document: resolveCfn(p.Properties.Content, { refs, attributes }, id),
        targets: (resolveCfn(p.Properties.TargetIds, { refs, attributes }, id) as string[]).map((t) => nodeOfOuId.get(t)!),
      }));
  const scps = policiesOf('SERVICE_CONTROL_POLICY');
  const rcps = policiesOf('RESOURCE_CONTROL_POLICY');
  const hierarchy = model.hierarchy;
  const spec = model.catalog.organization.spec;
  const partition = awsPartition(spec);
  const chain = (placement: string) => hierarchy.ancestry(placement).map((n) => n.key);
  const levels = (placement: string, policies: readonly OrganizationPolicy[], always: boolean): SimulationOrgPolicies[] => {
    const full = always ? [{ name: 'FullAWSAccess', policy: ALLOW_ALL }] : [];
    return [
      { orgIdentifier: EXAMPLE.rootId, policies: [...full] },
      ...chain(placement).map((node) => ({
        orgIdentifier: ouId(node),
        policies: [...full, ...policies.filter((p) => p.targets.includes(node)).map((p) => ({ name: p.name, policy: p.document }))],
      })),
      { orgIdentifier: 'account', policies: [...full] },
    ];
  };
  return {
    model,
    synth,
    partition,
    regions: spec.aws!.regions,
    managementAccount: spec.aws!.managementAccountId,
    scps,
    rcps,
    placements: hierarchy.nodes.filter((n) => n.role === 'function' || n.key === QUARANTINE_KEY).map((n) => n.key),
    ouId,
    orgPath: (placement) => [EXAMPLE.organizationId, EXAMPLE.rootId, ...chain(placement).map(ouId), ''].join('/'),
    scpLevels: (placement, policies = scps) => levels(placement, policies, true),
    // RCPFullAWSAccess is added by the evaluator itself at every level.
    rcpLevels: (placement) => levels(placement, rcps, false),
    endpointPolicy(service, region) {
      const space = synth.libraryJson('SpaceBaseline');
      const found = resourcesOfType(space, 'AWS::EC2::VPCEndpoint').find(([, e]) => JSON.stringify(e.Properties.ServiceName).endsWith(`.${service}"]]}`));
      if (!found) throw new Error(`the Space baseline has no interface endpoint for ${service}`);
      return resolveCfn(found[1].Properties.PolicyDocument, { refs: { OrganizationId: EXAMPLE.organizationId, 'AWS::Partition': partition, 'AWS::Region': region } });
    },
    operatorTrust(kind, account) {
      const template = synth.libraryJson(`${kind}Baseline`);
      const [, role] = resourcesOfType(template, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === 'vend-unit-operator')!;
      return resolveCfn(role.Properties.AssumeRolePolicyDocument, { refs: { 'AWS::Partition': partition, 'AWS::AccountId': account } });
    },
  };
}

/** Values for the organization stack's parameters: the SSM-backed ids get the example ids. */
function parameterValues(template: CfnTemplate): Record<string, string> {
  const bySsmPath: Record<string, string> = { '/vend/organization/id': EXAMPLE.organizationId, '/vend/organization/root-id': EXAMPLE.rootId };
  const refs: Record<string, string> = { 'AWS::Partition': 'aws' };
  for (const [id, p] of Object.entries(template.Parameters ?? {})) {
    if (typeof p.Default === 'string' && p.Default in bySsmPath) refs[id] = bySsmPath[p.Default];
  }
  return refs;
}
