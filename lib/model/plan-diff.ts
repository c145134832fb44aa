/**
 * What a pull request changes, field by field: the catalog at the base of the pull request against
 * the catalog it proposes, per unit, with the changes that replace resources marked. The live
 * inventory says *that* a unit re-baselines (its `vend:baseline` fingerprint differs); only the
 * base catalog can say *what* changed, so `vend plan --base DIR` adds this to the plan.
 */
import { compareStrings } from './compare';
import type { EffectiveUnit } from './effective-unit';
import type { VendModel } from './model';
import type { Cloud } from './schema';

/** update: changed in place · replace: resources are deleted and created again · move: placement changes. */
export type FieldEffect = 'update' | 'replace' | 'move';

export interface FieldChange {
  readonly field: string;
  readonly from?: string;
  readonly to?: string;
  readonly effect: FieldEffect;
  /** What the change does, when it is not obvious. */
  readonly note?: string;
}

export interface UnitDiff {
  readonly cloud: Cloud;
  readonly unit: string;
  readonly kind: string;
  readonly status: 'added' | 'removed' | 'changed';
  readonly fields: readonly FieldChange[];
  /** True when a change replaces resources (data or addresses may be lost). */
  readonly destructive: boolean;
  /** The deployment stacks holding this unit's resources, when the caller knows them. */
  readonly stacks: readonly string[];
}

/** Which stacks hold a unit's resources: supplied by the realizations (lib/aws, lib/azure). */
export type StacksOf = (unit: EffectiveUnit, model: VendModel) => readonly string[];

export function diffCatalogs(base: VendModel, head: VendModel, stacksOf?: StacksOf): UnitDiff[] {
  const diffs: UnitDiff[] = [];
  const stacks = (unit: EffectiveUnit, model: VendModel) => (stacksOf ? [...stacksOf(unit, model)] : []);
  for (const unit of head.units) {
    const before = base.unit(unit.name);
    if (!before) {
      diffs.push({ cloud: unit.cloud, unit: unit.name, kind: unit.kind, status: 'added', fields: [], destructive: false, stacks: stacks(unit, head) });
      continue;
    }
    const fields = fieldChanges(before, unit);
    if (fields.length === 0) continue;
    diffs.push({
      cloud: unit.cloud,
      unit: unit.name,
      kind: unit.kind,
      status: 'changed',
      fields,
      destructive: fields.some((f) => f.effect === 'replace'),
      stacks: stacks(unit, head),
    });
  }
  for (const unit of base.units) {
    if (head.unit(unit.name)) continue;
    diffs.push({
      cloud: unit.cloud,
      unit: unit.name,
      kind: unit.kind,
      status: 'removed',
      fields: [{ field: 'file', effect: 'update', note: 'the unit file is gone: vend stops managing the account or subscription and never closes it (mark it decommissioned to close it)' }],
      destructive: false,
      stacks: stacks(unit, base),
    });
  }
  return diffs.sort((a, b) => compareStrings(a.cloud, b.cloud) || compareStrings(a.unit, b.unit));
}

/** The field-level changes between two versions of one unit, in a fixed order. */
export function fieldChanges(before: EffectiveUnit, after: EffectiveUnit): FieldChange[] {
  const out: FieldChange[] = [];
  const network = after.cloud === 'aws' ? 'VPC' : 'VNet';
  const add = (field: string, from: unknown, to: unknown, effect: FieldEffect, note?: string) => {
    const a = show(from);
    const b = show(to);
    if (a !== b) out.push({ field, ...(a !== undefined ? { from: a } : {}), ...(b !== undefined ? { to: b } : {}), effect, ...(note ? { note } : {}) });
  };
  // the environment and kind are part of the unit's stack and hierarchy names
  add('kind', before.kind, after.kind, 'replace', 'the kind is part of the stack name: CloudFormation would create a new account');
  add('environment', before.environment, after.environment, 'replace', 'the environment is part of the stack name: CloudFormation would create a new account');
  add('cloud', before.cloud, after.cloud, 'replace', 'a unit cannot change clouds: this creates a new account or subscription');
  add('region', before.region, after.region, 'replace', 'the baseline is created in the new region and deleted in the old one');
  add('network.cidr', before.network?.cidr, after.network?.cidr, 'replace', networkNote(after.cloud, network));
  add('network.pop', before.network?.pop, after.network?.pop, 'update', 'the Private Link endpoint to the PoP is replaced');
  add('encryption.customerManagedKey', before.customerManagedKey, after.customerManagedKey, 'update', 'new data is encrypted with the new key; keep the old key for data it already encrypted');
  add('tenancy', before.tenancy, after.tenancy, 'update');
  add('lifecycle', before.lifecycle, after.lifecycle, after.lifecycle === 'decommissioned' ? 'move' : 'update', after.lifecycle === 'decommissioned' ? 'quarantined, then closed or cancelled by vend decommission' : undefined);
  add('protected', before.protected, after.protected, 'update');
  add('owners', before.owners, after.owners, 'update');
  add('template', `${before.template.name}@${before.template.version}`, `${after.template.name}@${after.template.version}`, 'update', 're-baselines from the new template version');
  out.push(...accessChanges(before, after));
  out.push(...tagChanges(before, after));
  return out;
}

function networkNote(cloud: Cloud, network: string): string {
  // AWS::EC2::VPC CidrBlock: "Update requires: Replacement"
  // (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpc.html)
  return cloud === 'aws'
    ? `replaces the ${network}: every subnet, endpoint and address in it is deleted and created again`
    : `re-addresses the ${network} and its subnets: what sits in them (private endpoints) is deleted and created again`;
}

function accessChanges(before: EffectiveUnit, after: EffectiveUnit): FieldChange[] {
  const grant = (a: { group: string; role: string }) => `${a.group}: ${a.role}`;
  const was = new Set(before.access.map(grant));
  const now = new Set(after.access.map(grant));
  return [
    ...[...now].filter((g) => !was.has(g)).sort().map((g): FieldChange => ({ field: 'access', to: g, effect: 'update', note: 'access granted' })),
    ...[...was].filter((g) => !now.has(g)).sort().map((g): FieldChange => ({ field: 'access', from: g, effect: 'update', note: 'access revoked' })),
  ];
}

function tagChanges(before: EffectiveUnit, after: EffectiveUnit): FieldChange[] {
  const keys = [...new Set([...Object.keys(before.tags), ...Object.keys(after.tags)])].filter((k) => !k.startsWith('vend:')).sort();
  return keys.flatMap((key): FieldChange[] => {
    const from = before.tags[key];
    const to = after.tags[key];
    return from === to ? [] : [{ field: `tags.${key}`, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), effect: 'update' }];
  });
}

function show(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
