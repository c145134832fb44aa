/**
 * The three kinds of AWS Organizations policy a control can name (`aws.scp`, `aws.rcp`,
 * `aws.declarative`), what AWS calls them, the policy AWS keeps attached to every target, and the
 * quotas each kind is held to. One definition for `vend validate`, the synthesized organization stack
 * and the docs.
 *
 * Every kind must be enabled in the organization before a policy of that kind can be created
 * (`aws organizations enable-policy-type --root-id r-… --policy-type RESOURCE_CONTROL_POLICY` and
 * `… DECLARATIVE_POLICY_EC2`; docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html).
 */
import type { Catalog, Control } from './catalog';
import type { Hierarchy } from './hierarchy';
import { deriveHierarchy } from './hierarchy';
import type { Quotas } from './quotas';
import { quotasOf } from './quotas';
import { scpName } from './naming';
import { minifiedSize, renderPolicy } from './render-policy';
import type { UnitKind } from './schema';

export type OrganizationPolicyKind = 'scp' | 'rcp' | 'declarative';

export interface OrganizationPolicyType {
  readonly kind: OrganizationPolicyKind;
  /** The `Type` of AWS::Organizations::Policy and of EnablePolicyType. */
  readonly awsType: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' | 'DECLARATIVE_POLICY_EC2';
  /** Short label in messages: `SCP`, `RCP`, `declarative policy`. */
  readonly label: string;
  /** The AWS-managed policy attached to every root, OU and account, counted against the quota. */
  readonly alwaysAttached?: string;
  readonly maxCharacters: (q: Quotas) => number;
  readonly maxPerTarget: (q: Quotas) => number;
}

export const ORGANIZATION_POLICY_TYPES: readonly OrganizationPolicyType[] = [
  {
    kind: 'scp',
    awsType: 'SERVICE_CONTROL_POLICY',
    label: 'SCP',
    alwaysAttached: 'FullAWSAccess',
    maxCharacters: (q) => q.scpMaxCharacters,
    maxPerTarget: (q) => q.scpMaxPerTarget,
  },
  {
    kind: 'rcp',
    awsType: 'RESOURCE_CONTROL_POLICY',
    label: 'RCP',
    alwaysAttached: 'RCPFullAWSAccess',
    maxCharacters: (q) => q.rcpMaxCharacters,
    maxPerTarget: (q) => q.rcpMaxPerTarget,
  },
  {
    kind: 'declarative',
    awsType: 'DECLARATIVE_POLICY_EC2',
    label: 'declarative policy',
    maxCharacters: (q) => q.declarativeMaxCharacters,
    maxPerTarget: (q) => q.declarativeMaxPerTarget,
  },
];

/**
 * The live name of a control's policy of one kind. SCPs keep `vend-<control>` (what plan and drift
 * compare); RCPs and declarative policies get a suffix so a control's policies never share a name.
 */
export function organizationPolicyName(control: string, kind: OrganizationPolicyKind): string {
  return kind === 'scp' ? scpName(control) : `${scpName(control)}-${kind}`;
}

/** The policy document of one kind a control names, if any. */
export function policyOf(control: Control, kind: OrganizationPolicyKind): { file: string; document: unknown } | undefined {
  return control[kind];
}

/** A quota a control's policy or a hierarchy node's attachments would break. */
export interface PolicyQuotaFinding {
  readonly type: OrganizationPolicyType;
  /** Set for a size finding: the control whose policy is too large. */
  readonly control?: Control;
  /** Set for a count finding: the node and the controls attached there. */
  readonly node?: { key: string; path: string; function?: UnitKind; controls: string[] };
  readonly actual: number;
  readonly limit: number;
}

/** Every size and per-target count quota the catalog's organization policies would break. */
export function policyQuotaFindings(catalog: Catalog, hierarchy: Hierarchy = deriveHierarchy(catalog)): PolicyQuotaFinding[] {
  const quotas = quotasOf(catalog.organization.spec);
  const findings: PolicyQuotaFinding[] = [];
  for (const type of ORGANIZATION_POLICY_TYPES) {
    const limit = type.maxCharacters(quotas);
    for (const control of catalog.controls.values()) {
      const policy = policyOf(control, type.kind);
      if (!policy) continue;
      const size = minifiedSize(renderPolicy(policy.document, catalog.organization.spec));
      if (size > limit) findings.push({ type, control, actual: size, limit });
    }
    const perTarget = type.maxPerTarget(quotas);
    for (const node of hierarchy.nodes) {
      const controls = node.controls.filter((name) => {
        const control = catalog.controls.get(name);
        return control !== undefined && policyOf(control, type.kind) !== undefined;
      });
      const count = controls.length + (type.alwaysAttached ? 1 : 0);
      if (count > perTarget) findings.push({ type, node: { key: node.key, path: node.aws.path, function: node.function, controls }, actual: count, limit: perTarget });
    }
  }
  return findings;
}
