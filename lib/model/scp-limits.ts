/**
 * The AWS SCP quotas, checked once: each SCP as rendered for the organization within the size
 * quota, and each OU within the per-target count (its directly attached SCPs plus FullAWSAccess,
 * which stays attached everywhere). `vend validate` (rules/scp-quotas.ts) and the AWS
 * organization stack's guard both call these. Quotas: docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * ("Maximum size of a policy document: SCPs 5,120 characters"… raised to 10,240; "Maximum number
 * of SCPs attached to a root, OU or account: 10").
 */
import type { Catalog } from './catalog';
import type { Diagnostic } from './diagnostic';
import type { Hierarchy } from './hierarchy';
import { quotasOf } from './quotas';
import { minifiedSize, renderScp } from './render-scp';

/** AWS-managed FullAWSAccess stays attached to every target and counts against the per-target limit. */
export const FULL_AWS_ACCESS_SCPS = 1;

export function scpSizeProblems(catalog: Pick<Catalog, 'organization' | 'controls'>): Diagnostic[] {
  const quotas = quotasOf(catalog.organization.spec);
  const problems: Diagnostic[] = [];
  for (const control of catalog.controls.values()) {
    if (!control.scp) continue;
    const size = minifiedSize(renderScp(control.scp, catalog.organization.spec));
    if (size > quotas.scpMaxCharacters) {
      problems.push(control.source.at(['aws', 'scp'], 'scp-too-large', `SCP is ${size} characters minified; the quota is ${quotas.scpMaxCharacters}`));
    }
  }
  return problems;
}

export function scpCountProblems(catalog: Pick<Catalog, 'organization' | 'controls' | 'templates'>, hierarchy: Hierarchy): Diagnostic[] {
  const quotas = quotasOf(catalog.organization.spec);
  const problems: Diagnostic[] = [];
  for (const node of hierarchy.nodes) {
    const scps = node.controls.filter((name) => catalog.controls.get(name)?.scp);
    const count = scps.length + FULL_AWS_ACCESS_SCPS;
    if (count <= quotas.scpMaxPerTarget) continue;
    const template = node.function && [...catalog.templates.values()].find((t) => t.spec.for === node.function);
    const source = template ? template.source : catalog.controls.get(scps[scps.length - 1])!.source;
    const path = template ? ['controls'] : ['attachTo'];
    problems.push(source.at(path, 'scp-count', `OU ${node.aws.path} would have ${count} SCPs (${scps.join(', ')} and FullAWSAccess); the quota is ${quotas.scpMaxPerTarget} per target`));
  }
  return problems;
}
