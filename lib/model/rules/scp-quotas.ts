import type { Diagnostic } from '../diagnostic';
import { deriveHierarchy } from '../hierarchy';
import { quotasOf } from '../quotas';
import { minifiedSize, renderScp } from '../render-scp';
import type { Rule } from './rule';

/** AWS-managed FullAWSAccess stays attached to every target and counts against the per-target limit. */
const FULL_AWS_ACCESS = 1;

/**
 * Every SCP, rendered for this organization, fits the size quota; every OU fits the per-target
 * count (its directly attached SCPs plus FullAWSAccess). Checked before any synth.
 */
export const scpQuotas: Rule = (catalog) => {
  const quotas = quotasOf(catalog.organization.spec);
  const problems: Diagnostic[] = [];
  for (const control of catalog.controls.values()) {
    if (!control.scp) continue;
    const size = minifiedSize(renderScp(control.scp, catalog.organization.spec));
    if (size > quotas.scpMaxCharacters) {
      problems.push(control.source.at(['aws', 'scp'], 'scp-too-large', `SCP is ${size} characters minified; the quota is ${quotas.scpMaxCharacters}`));
    }
  }
  for (const node of deriveHierarchy(catalog).nodes) {
    const scps = node.controls.filter((name) => catalog.controls.get(name)?.scp);
    const count = scps.length + FULL_AWS_ACCESS;
    if (count <= quotas.scpMaxPerTarget) continue;
    const template = node.function && [...catalog.templates.values()].find((t) => t.spec.for === node.function);
    const source = template ? template.source : catalog.controls.get(scps[scps.length - 1])!.source;
    const path = template ? ['controls'] : ['attachTo'];
    problems.push(source.at(path, 'scp-count', `OU ${node.aws.path} would have ${count} SCPs (${scps.join(', ')} and FullAWSAccess); the quota is ${quotas.scpMaxPerTarget} per target`));
  }
  return problems;
};
