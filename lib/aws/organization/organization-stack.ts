import { Stack, type StackProps } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { minifiedSize, pascalId, quotasOf, renderScp, scpName, type HierarchyNode, type VendModel } from '../../model';
import { organizationId, organizationRootId } from '../platform-lookups';

export interface OrganizationStackProps extends StackProps {
  readonly model: VendModel;
}

/**
 * The derived OU hierarchy and the guardrails on it: one OU per hierarchy node, one SCP per control
 * that has an AWS realization, attached to the OUs of the nodes that list the control (never to
 * accounts). Deployed in the management account.
 */
export class OrganizationStack extends Stack {
  private readonly units = new Map<string, organizations.CfnOrganizationalUnit>();
  private readonly model: VendModel;
  readonly policies = new Map<string, organizations.CfnPolicy>();
  readonly organizationId: string;
  readonly rootId: string;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id, props);
    this.model = props.model;
    const { hierarchy, catalog } = props.model;
    const org = catalog.organization.spec;
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

    // The same limits `vend validate` checks (lib/model/quotas.ts); this is the guard for models
    // built without validation.
    const { scpMaxCharacters: maxCharacters, scpMaxPerTarget: maxPerTarget } = quotasOf(org);
    const scps = new Construct(this, 'ServiceControlPolicies');
    const problems: string[] = [];
    for (const control of [...catalog.controls.values()].sort((a, b) => (a.spec.name < b.spec.name ? -1 : 1))) {
      if (!control.scp) continue;
      const targets = nodes.filter((n) => n.controls.includes(control.spec.name));
      if (targets.length === 0) continue;
      const content = renderScp(control.scp, org);
      const size = minifiedSize(content);
      if (size > maxCharacters) {
        problems.push(`SCP '${control.spec.name}' (${control.scp.file}) is ${size} characters minified; the limit is ${maxCharacters}`);
      }
      this.policies.set(
        control.spec.name,
        new organizations.CfnPolicy(scps, pascalId(control.spec.name), {
          name: scpName(control.spec.name),
          description: control.spec.title.slice(0, 512),
          type: 'SERVICE_CONTROL_POLICY',
          content,
          targetIds: targets.map((n) => this.ouId(n.key)),
          tags: [{ key: 'vend:control', value: control.spec.name }],
        }),
      );
    }
    for (const node of nodes) {
      // FullAWSAccess stays attached everywhere and counts against the per-target limit.
      const attached = node.controls.filter((c) => catalog.controls.get(c)?.scp).length + 1;
      if (attached > maxPerTarget) {
        problems.push(`OU '${node.aws.path}' would have ${attached} SCPs (FullAWSAccess included); the limit is ${maxPerTarget}`);
      }
    }
    if (problems.length > 0) throw new ScpQuotaError(problems);
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

/** One or more SCPs would break AWS Organizations quotas; nothing is synthesized. */
export class ScpQuotaError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`SCP quotas exceeded:\n  ${problems.join('\n  ')}`);
    this.name = 'ScpQuotaError';
  }
}
