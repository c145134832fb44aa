import { Stack, type StackProps } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { formatDiagnostic, pascalId, renderScp, scpCountProblems, scpName, scpSizeProblems, type Diagnostic, type HierarchyNode, type VendModel } from '../../model';
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

    // The same checks `vend validate` runs (lib/model/scp-limits.ts), as the guard for models
    // built without validation.
    const problems = [...scpSizeProblems(catalog), ...scpCountProblems(catalog, hierarchy)];
    if (problems.length > 0) throw new ScpQuotaError(problems);
    const scps = new Construct(this, 'ServiceControlPolicies');
    for (const control of [...catalog.controls.values()].sort((a, b) => (a.spec.name < b.spec.name ? -1 : 1))) {
      if (!control.scp) continue;
      const targets = nodes.filter((n) => n.controls.includes(control.spec.name));
      if (targets.length === 0) continue;
      const content = renderScp(control.scp, org);
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
  constructor(readonly problems: readonly Diagnostic[]) {
    super(`SCP quotas exceeded:\n  ${problems.map(formatDiagnostic).join('\n  ')}`);
    this.name = 'ScpQuotaError';
  }
}
