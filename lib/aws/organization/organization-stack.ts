import { Stack, type StackProps } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct, type IConstruct } from 'constructs';
import {
  ORGANIZATION_POLICY_TYPES,
  organizationPolicyName,
  pascalId,
  policyOf,
  renderPolicy,
  unfilledPlaceholders,
  formatDiagnostic,
  type Diagnostic,
  type HierarchyNode,
  type OrganizationPolicyType,
  type VendModel,
} from '../../model';
import { scpQuotas } from '../../model/rules/scp-quotas';
import { organizationId, organizationRootId } from '../platform-lookups';
import { StackOutputs } from '../stack-outputs';

export interface OrganizationStackProps extends StackProps {
  readonly model: VendModel;
}

/**
 * The derived OU hierarchy and the guardrails on it: one OU per hierarchy node, and per control one
 * policy of each kind it names (SCP, RCP, EC2 declarative policy; lib/model/organization-policies.ts),
 * attached to the OUs of the nodes that list the control (never to accounts). Deployed in the
 * management account. RCPs and declarative policies need their policy types enabled in the
 * organization first (`vend bootstrap aws`).
 */
export class OrganizationStack extends Stack {
  private readonly units = new Map<string, organizations.CfnOrganizationalUnit>();
  private readonly model: VendModel;
  private readonly published = new StackOutputs(this);
  /** SCPs by control name. */
  readonly policies = new Map<string, organizations.CfnPolicy>();
  /** Every organization policy, by `<kind>/<control>` (`scp/deny-all`, `rcp/data-perimeter`). */
  readonly organizationPolicies = new Map<string, organizations.CfnPolicy>();
  readonly organizationId: string;
  readonly rootId: string;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id, props);
    this.model = props.model;
    const { hierarchy, catalog } = props.model;
    this.rootId = organizationRootId(this);
    this.organizationId = organizationId(this);

    const ous = new Construct(this, 'OrganizationalUnits');
    const nodes = [...hierarchy.nodes].sort((a, b) => a.depth - b.depth || (a.key < b.key ? -1 : 1));
    for (const node of nodes) {
      const parentId = node.parentKey ? this.ouId(node.parentKey) : this.rootId;
      this.units.set(
        node.key,
        new organizations.CfnOrganizationalUnit(ous, pascalId(node.key), {
          name: node.aws.name,
          parentId,
          tags: [
            { key: 'vend:node', value: node.key },
            { key: 'vend:path', value: node.aws.path },
          ],
        }),
      );
    }

    // The same check `vend validate` runs (rules/scp-quotas.ts over policyQuotaFindings), with the
    // same diagnostics: the guard for models built without validation.
    const problems = scpQuotas(catalog);
    if (problems.length > 0) throw new ScpQuotaError(problems);
    for (const type of ORGANIZATION_POLICY_TYPES) this.addPolicies(type, nodes);
  }

  private addPolicies(type: OrganizationPolicyType, nodes: readonly HierarchyNode[]): void {
    const { catalog } = this.model;
    const org = catalog.organization.spec;
    // SCPs keep their construct scope (and so their logical ids) from before RCPs existed.
    const scope = new Construct(this, type.kind === 'scp' ? 'ServiceControlPolicies' : `${pascalId(type.kind)}Policies`);
    for (const control of [...catalog.controls.values()].sort((a, b) => (a.spec.name < b.spec.name ? -1 : 1))) {
      const policy = policyOf(control, type.kind);
      if (!policy) continue;
      const targets = nodes.filter((n) => n.controls.includes(control.spec.name));
      if (targets.length === 0) continue;
      const content = renderPolicy(policy.document, org, { organizationId: this.organizationId });
      const unfilled = unfilledPlaceholders(content);
      if (unfilled.length > 0) throw new Error(`${policy.file}: unknown placeholders ${unfilled.join(', ')}; run vend validate`);
      const cfn = new organizations.CfnPolicy(scope, pascalId(control.spec.name), {
        name: organizationPolicyName(control.spec.name, type.kind),
        description: control.spec.title.slice(0, 512),
        type: type.awsType,
        content,
        targetIds: targets.map((n) => this.ouId(n.key)),
        tags: [{ key: 'vend:control', value: control.spec.name }],
      });
      this.organizationPolicies.set(`${type.kind}/${control.spec.name}`, cfn);
      if (type.kind === 'scp') this.policies.set(control.spec.name, cfn);
    }
  }

  /** The id of a hierarchy node's OU as `scope`'s stack reads it (published as output `OuId<Key>`). */
  ouIdIn(scope: IConstruct, key: string): string {
    return this.published.read(scope, `OuId${pascalId(key)}`, this.ouId(key));
  }

  /** The id (`ou-…`) of the OU that realizes a hierarchy node. */
  ouId(key: string): string {
    const ou = this.units.get(key);
    if (!ou) throw new Error(`no OU for hierarchy node '${key}'`);
    return ou.attrId;
  }

  /**
   * The `aws:PrincipalOrgPaths` prefix of a node: `o-…/r-…/ou-…/…/`. Principals in accounts at or
   * below the node match `${orgPath(key)}*`.
   */
  orgPath(key: string): string {
    const chain = this.model.hierarchy.ancestry(key).map((n: HierarchyNode) => this.ouId(n.key));
    return [this.organizationId, this.rootId, ...chain, ''].join('/');
  }
}

/** One or more organization policies would break AWS Organizations quotas; nothing is synthesized. */
export class ScpQuotaError extends Error {
  constructor(readonly problems: readonly Diagnostic[]) {
    super(`AWS Organizations policy quotas exceeded:\n  ${problems.map(formatDiagnostic).join('\n  ')}`);
    this.name = 'ScpQuotaError';
  }
}
