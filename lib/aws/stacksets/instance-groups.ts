/**
 * The rules the AWS::CloudFormation::StackSet resource handler applies to `StackInstancesGroup`
 * before it calls any StackSets API, as a check over a synthesized template. moto has no StackSet
 * handler and aws-cdk-lib's validator checks only the schema, so without this a clash surfaces only
 * on a real deploy. Source: aws-cloudformation/aws-cloudformation-resource-providers-cloudformation
 * (HEAD 7245f76), module aws-cloudformation-stackset, package software.amazon.cloudformation.stackset:
 *
 * - `util/Comparator.java:116-133`: SELF_MANAGED is never "account-level targeting" (ALT); a
 *   SERVICE_MANAGED model is ALT as soon as one group sets `AccountFilterType`.
 * - `BaseHandlerStd.java:436-475`: ALT models go through AltResourceModelAnalyzer, the others
 *   through InstancesAnalyzer.
 * - `util/InstancesAnalyzer.java:140-176`: instances are flattened to (target, region), the target
 *   being the account (SELF_MANAGED) or the OU (SERVICE_MANAGED); targets must be present, and a
 *   (target, region) pair that appears twice is rejected ("Stack instance [..] is duplicated").
 *   `:91-113`: instances are regrouped by (regions, parameter overrides), so distinct overrides per
 *   account are legal and become separate CreateStackInstances operations
 *   (`BaseHandlerStd.java:229-257`, one after another).
 * - `util/AltResourceModelAnalyzer.java:97-115`: with ALT, an OU that appears in two groups throws
 *   "An OrganizationalUnitIds cannot be associated with more than one Parameters set"; the sets are
 *   compared by reference (`!=`), so two groups clash even with equal overrides, unless neither has any.
 * - `util/Validator.java:87-116`: SERVICE_MANAGED needs OrganizationalUnitIds in every group, and
 *   Accounts whenever a filter type is set.
 */

/** One `StackInstancesGroup` entry as it appears in a synthesized template (values may be intrinsics). */
export interface InstanceGroup {
  readonly DeploymentTargets?: { Accounts?: unknown[]; OrganizationalUnitIds?: unknown[]; AccountFilterType?: string };
  readonly Regions?: unknown[];
  readonly ParameterOverrides?: Array<{ ParameterKey: string; ParameterValue: unknown }>;
}

export interface StackSetProperties {
  readonly StackSetName?: string;
  readonly PermissionModel?: string;
  readonly AutoDeployment?: unknown;
  readonly StackInstancesGroup?: InstanceGroup[];
}

/** Deploy-time values (Fn::GetStackOutput, Fn::GetAtt) compare by their intrinsic, literal ones by value. */
const key = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Problems the StackSet handler would raise for these properties, each naming the StackSet. */
export function stackSetGroupProblems(props: StackSetProperties): string[] {
  const name = props.StackSetName ?? '(unnamed StackSet)';
  const groups = props.StackInstancesGroup ?? [];
  const selfManaged = (props.PermissionModel ?? 'SELF_MANAGED') === 'SELF_MANAGED';
  const problems: string[] = [];
  if (selfManaged && props.AutoDeployment !== undefined) problems.push(`${name}: AutoDeployment applies to SERVICE_MANAGED StackSets only`);
  const alt = !selfManaged && groups.some((g) => g.DeploymentTargets?.AccountFilterType !== undefined);
  const seen = new Set<string>();
  groups.forEach((group, i) => {
    const targets = (selfManaged ? group.DeploymentTargets?.Accounts : group.DeploymentTargets?.OrganizationalUnitIds) ?? [];
    if (targets.length === 0) problems.push(`${name}: group ${i} has no ${selfManaged ? 'Accounts' : 'OrganizationalUnitIds'}`);
    if (selfManaged && (group.DeploymentTargets?.OrganizationalUnitIds || group.DeploymentTargets?.AccountFilterType)) {
      problems.push(`${name}: group ${i} targets OUs, which a SELF_MANAGED StackSet ignores`);
    }
    // InstancesAnalyzer's duplicate check; the ALT path checks OUs against parameter sets instead.
    for (const region of alt ? [] : group.Regions ?? []) {
      for (const target of targets) {
        const pair = `${key(target)} in ${key(region)}`;
        if (seen.has(pair)) problems.push(`${name}: stack instance ${pair} is duplicated`);
        seen.add(pair);
      }
    }
  });
  if (alt) problems.push(...ouParameterClashes(name, groups));
  return problems;
}

/** AltResourceModelAnalyzer.findDeploymentParametersForOUs: one OU, one group's parameter set. */
function ouParameterClashes(name: string, groups: readonly InstanceGroup[]): string[] {
  const owner = new Map<string, { group: number; hasOverrides: boolean }>();
  const problems: string[] = [];
  groups.forEach((group, i) => {
    const hasOverrides = group.ParameterOverrides !== undefined;
    for (const ou of group.DeploymentTargets?.OrganizationalUnitIds ?? []) {
      const previous = owner.get(key(ou));
      if (previous && (previous.hasOverrides || hasOverrides)) {
        problems.push(`${name}: OU ${key(ou)} is associated with the parameter sets of groups ${previous.group} and ${i}`);
      }
      if (!previous) owner.set(key(ou), { group: i, hasOverrides });
    }
  });
  return problems;
}

/** Every StackSet resource of a template, checked. */
export function templateStackSetProblems(template: { Resources?: Record<string, { Type: string; Properties?: unknown }> }): string[] {
  return Object.values(template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::CloudFormation::StackSet')
    .flatMap((r) => stackSetGroupProblems((r.Properties ?? {}) as StackSetProperties));
}
