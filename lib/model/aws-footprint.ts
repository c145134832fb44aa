/**
 * What a catalog will need from CloudFormation in the management account, predicted from the
 * catalog alone so `vend validate` can refuse a catalog that synth would build but CloudFormation
 * would reject: how many stacks and StackSets (account quotas) and how big each accounts stack is
 * (the templates that grow with the catalog: one account per unit, one assignment per access
 * entry, one SSM-typed parameter per directory group). It mirrors the stacks lib/aws/vend-aws-app.ts
 * builds; test/aws/quotas.test.ts checks the prediction against real syntheses.
 */
import { deliversToAws } from './cross-cloud-trust';
import type { EffectiveUnit } from './effective-unit';
import { groupByShard, shardSlug } from './aws-shards';
import type { CloudFormationFootprint, StackSize } from './stack-limits';
import type { OrganizationSpec } from './schema';

export interface AwsFootprint extends CloudFormationFootprint {
  /** Predicted size of each accounts stack, by stack name, with the units it holds. */
  readonly accountsStacks: ReadonlyArray<StackSize & { readonly units: readonly EffectiveUnit[] }>;
}

const active = (u: EffectiveUnit) => u.lifecycle === 'active';

export function predictAwsFootprint(units: readonly EffectiveUnit[], org: OrganizationSpec): AwsFootprint {
  const aws = units.filter((u) => u.cloud === 'aws');
  const shards = groupByShard(aws);
  const accountsStacks = shards.map(({ shard, units: members }) => {
    const entries = members.filter(active).flatMap((u) => u.access);
    return {
      stack: `Vend-Accounts-${shardSlug(shard)}`,
      units: members,
      resources: members.length + entries.length,
      // One SSM-typed parameter per directory group, the Identity Center instance's where there
      // are assignments and organization.yaml does not name it, plus CDK's BootstrapVersion.
      parameters: new Set(entries.map((e) => e.group)).size + (entries.length > 0 && !org.aws?.identityCenterInstanceArn ? 1 : 0) + 1,
      outputs: members.length,
      bytes: 0,
    };
  });
  const central = aws.some((u) => u.kind === 'Central' && active(u));
  let stacks = 2 + shards.length; // Organization, Identity, accounts shards
  let stackSets = 0;
  let largestStackSet = 0;
  if (central) {
    const pops = aws.filter((u) => u.kind === 'PoP' && active(u) && u.baseline.network.exposesEndpointService);
    const azureSpaces = org.azure ? units.filter((u) => deliversToAws(u) && active(u)) : [];
    const crossCloud = azureSpaces.length > 0 ? 1 + groupByShard(azureSpaces).length : 0;
    const accessLogs = pops.length > 0 ? 1 : 0;
    const security = (org.aws && org.aws.regions.length > 1 ? 1 : 0) + 1; // regional detectors, Security Hub configuration
    stacks += shards.length + accessLogs + pops.length + 1 + crossCloud; // baselines, ..., Security, ...
    stackSets += shards.length + accessLogs + pops.length + security + crossCloud;
    largestStackSet = Math.max(new Set(pops.map((p) => p.region)).size, ...shards.map((s) => s.units.filter(active).length));
  }
  return { stacks, stackSets, largestStackSet, accountsStacks };
}
