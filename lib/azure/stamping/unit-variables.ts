/**
 * What may differ between two unit stacks stamped from one exemplar, and what may not.
 *
 * A unit stack is a function of the unit, the Spaces a PoP admits and catalog-wide settings. Its
 * *variables* are the unit-specific strings that reach the stack's JSON only verbatim (names, the
 * network and its subnets, the PoP's and Spaces' names, owners, the customer key) together with
 * every name vend derives from them by anything but concatenation (hashes, truncations: each is
 * listed here by calling the function the stack itself calls). Everything else the stack reads
 * is its *shape*: two units of one shape differ only in their variables and their tags (a tags
 * object is replaced whole), so one unit's stack becomes the other's by substitution
 * (substitution.ts). A field missing from the variables is part of the shape, which costs sharing,
 * never correctness; a transformation missing from the derived names is caught by the check every
 * group runs before it stamps (stamped-stacks.ts).
 */
import { awsLogDeliveryTrust, deliversToAws } from '../../model/cross-cloud-trust';
import { stableJson, type EffectiveUnit, type VendModel } from '../../model';
import { flowLogStorageName, keyVaultName, quarterSubnets } from '../names';

/** `whole`: replaced where a JSON string equals it; `within`: wherever it occurs in a string. */
export type VariableMatch = 'whole' | 'within';

export interface StampVariable {
  readonly key: string;
  readonly value: string;
  readonly match: VariableMatch;
}

export interface UnitStackInput {
  readonly unit: EffectiveUnit;
  /** PoPs: the Spaces that name this PoP, as the stack receives them. */
  readonly spaces?: readonly string[];
}

/** The unit's variables, in a fixed order of keys (two units of one shape have the same keys). */
export function unitVariables(model: VendModel, input: UnitStackInput): StampVariable[] {
  const { unit } = input;
  const within = (key: string, value: string | undefined): StampVariable[] => (value === undefined ? [] : [{ key, value, match: 'within' }]);
  const whole = (key: string, value: string | undefined): StampVariable[] => (value === undefined ? [] : [{ key, value, match: 'whole' }]);
  const trust = deliversToAws(unit) ? awsLogDeliveryTrust(model, unit) : undefined;
  return [
    ...within('name', unit.name),
    ...within('identity', unit.identity),
    ...within('keyVault', keyVaultName(unit)),
    ...within('flowLogStorage', flowLogStorageName(unit)),
    ...within('awsIdentity', trust?.identityName),
    ...within('awsRole', trust?.awsRoleName),
    ...within('pop', unit.network?.pop),
    ...(input.spaces ?? []).flatMap((space, i) => within(`space/${i}`, space)),
    ...unit.owners.flatMap((owner, i) => within(`owner/${i}`, owner)),
    ...whole('cidr', unit.network?.cidr),
    ...(unit.network ? subnetsOf(unit.network.cidr).flatMap((subnet, i) => whole(`subnet/${i}`, subnet)) : []),
    ...within('customerManagedKey', unit.customerManagedKey),
    ...whole('adopted/id', unit.adopted?.id),
    ...within('adopted/email', unit.adopted?.email),
    ...whole('file', unit.file),
  ];
}

/** Quarter subnets when the network splits (validation guarantees it does; the stack throws otherwise). */
function subnetsOf(cidr: string): string[] {
  try {
    return quarterSubnets(cidr);
  } catch {
    return [];
  }
}

/** A unit stack's variables and its shape. */
export interface UnitStackDescription {
  readonly variables: readonly StampVariable[];
  readonly shape: string;
}

/**
 * Computed once per unit (and Spaces list): `vend synth` asks for every unit's shape to decide
 * whether threads pay, and the stamper asks again for the same units.
 */
const described = new WeakMap<EffectiveUnit, { readonly model: VendModel; readonly spaces?: readonly string[]; readonly description: UnitStackDescription }>();

export function describeUnitStack(model: VendModel, input: UnitStackInput): UnitStackDescription {
  const known = described.get(input.unit);
  if (known && known.model === model && known.spaces === input.spaces) return known.description;
  const variables = unitVariables(model, input);
  const description = { variables, shape: shapeOf(model, input, variables) };
  described.set(input.unit, { model, spaces: input.spaces, description });
  return description;
}

/**
 * The shape: everything the stack reads with the variables' values and the tags left out. Units
 * with equal shapes get stacks that differ only where their variables and tags differ.
 */
export function unitShape(model: VendModel, input: UnitStackInput): string {
  return describeUnitStack(model, input).shape;
}

function shapeOf(model: VendModel, input: UnitStackInput, variables: readonly StampVariable[]): string {
  const { unit } = input;
  const pop = unit.network?.pop ? model.unit(unit.network.pop) : undefined;
  return stableJson({
    // Every field a variable comes from is left out: which variables a unit has (a PoP, a customer
    // key, how many owners and Spaces) is in the variables' keys below.
    unit: {
      ...unit,
      name: undefined,
      identity: undefined,
      owners: undefined,
      network: undefined,
      customerManagedKey: undefined,
      adopted: undefined,
      tags: undefined,
      baselineHash: undefined,
      file: undefined,
    },
    pop: pop ? { cloud: pop.cloud, kind: pop.kind } : undefined,
    variables: variables.map((v) => `${v.key}:${v.match}`),
  });
}
