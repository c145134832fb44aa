/**
 * Unit stacks stamped from exemplars instead of each built through CDKTF.
 *
 * At 2,000 units nearly every unit stack is one of a few shapes (unit-variables.ts) and CDKTF
 * spends ~5 ms building, resolving and writing each. Here the units of one shape share that work.
 * The first unit of a shape (its exemplar) is synthesized through CDKTF. A later unit is stamped
 * (the exemplar's JSON with its own variables, written as CDKTF writes: terraform-json.ts) only if
 * every variable in which it differs from the exemplar has been *exercised*: some unit differing
 * from the exemplar in that variable (or in its tags) was synthesized through CDKTF as a *check*,
 * and the exemplar's JSON with the check's values substituted was the check's file byte for byte,
 * manifest entry included. A unit that needs a variable not yet exercised becomes a check itself.
 * So a constant that happens to equal one of the exemplar's values (an organization-wide security
 * contact that is also the exemplar's owner) is found by the first check that changes that value;
 * a check that disagrees refuses the shape for good, and its units all go through CDKTF.
 * (A decommissioned unit's stack is a shape of its own: lifecycle is part of the shape.) The test
 * "stamped synthesis writes what CDKTF writes" compares both paths file by file over catalogs
 * built to vary every variable and shape.
 *
 * Units are taken in chunks in apply order, so progress and memory behave as before; an exemplar's
 * JSON is held only once a check has agreed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stableJson, type EffectiveUnit, type VendModel } from '../../model';
import type { ManifestPart } from '../synthesize';
import { Substitution } from './substitution';
import { terraformJson } from './terraform-json';
import { describeUnitStack, unitShape, type StampVariable } from './unit-variables';

type ManifestEntry = ManifestPart['stacks'][string];

interface Exemplar {
  readonly unit: EffectiveUnit;
  readonly variables: readonly StampVariable[];
  readonly entry: ManifestEntry;
  readonly version: string;
}

interface Shape {
  /** Set once the exemplar's stack is built. */
  exemplar?: Exemplar;
  /** The exemplar's stack JSON, read at the first check. */
  json?: unknown;
  /** Indexes of the variables a check has exercised; -1 stands for the tags. */
  readonly exercised: Set<number>;
  /** Set once a check disagreed: why the shape is synthesized unit by unit. */
  refused?: string;
}

/** A unit of a shape that has its exemplar: a check, one to stamp, or one CDKTF builds. */
interface Pending {
  readonly unit: EffectiveUnit;
  readonly shape: Shape;
  readonly variables: readonly StampVariable[];
  readonly role: 'check' | 'stamp' | 'cdktf';
}

export interface StampingContext {
  readonly model: VendModel;
  readonly outdir: string;
  /** PoPs: the Spaces that name them. */
  readonly spacesOf: ReadonlyMap<string, readonly string[]>;
  /** Synthesizes the given units' stacks through CDKTF, in one app, and returns its manifest part. */
  readonly synthesize: (units: readonly EffectiveUnit[]) => ManifestPart;
  /** Told why a shape is not stamped. @default silent */
  readonly refused?: (message: string) => void;
}

/** Stamps shapes across chunks: one instance per synthesis (or per worker slice). */
export class StackStamper {
  private readonly shapes = new Map<string, Shape>();
  /** Counts for tests and the bench. */
  readonly stats = { synthesized: 0, stamped: 0, checks: 0, refusedShapes: 0 };

  constructor(private readonly context: StampingContext) {}

  /**
   * One chunk of units (in apply order): their stacks written, their manifest parts returned.
   * First the exemplars of shapes new in the chunk go through CDKTF;
   * then the checks, each verified; then the rest is stamped.
   */
  chunk(units: readonly EffectiveUnit[]): ManifestPart[] {
    const parts: ManifestPart[] = [];
    const shaped = units.map((unit) => {
      const { shape, variables } = describeUnitStack(this.context.model, { unit, spaces: this.context.spacesOf.get(unit.name) });
      return { unit, variables, shape: this.shapeOf(shape) };
    });
    const exemplars = new Map<Shape, (typeof shaped)[number]>();
    for (const s of shaped) if (!s.shape.exemplar && !exemplars.has(s.shape)) exemplars.set(s.shape, s);
    const first = this.synthesize([...exemplars.values()].map((s) => s.unit), parts);
    for (const [shape, { unit, variables }] of exemplars) shape.exemplar = { unit, variables, entry: first!.stacks[unit.name], version: first!.version };
    // What this chunk's checks will exercise once they agree (a unit covered by it waits for them).
    const planned = new Map<Shape, Set<number>>();
    const rest = shaped
      .filter((s) => exemplars.get(s.shape) !== s)
      .map(({ unit, shape, variables }): Pending => {
        if (shape.refused) return { unit, shape, variables, role: 'cdktf' };
        const differing = differences(shape.exemplar!, { unit, variables });
        const coming = planned.get(shape) ?? planned.set(shape, new Set()).get(shape)!;
        if (differing.every((i) => shape.exercised.has(i) || coming.has(i))) return { unit, shape, variables, role: 'stamp' };
        for (const i of differing) coming.add(i);
        return { unit, shape, variables, role: 'check' };
      });
    const checked = this.synthesize(rest.filter((p) => p.role !== 'stamp').map((p) => p.unit), parts);
    for (const p of rest.filter((x) => x.role === 'check')) this.verify(p, checked!.stacks[p.unit.name]);
    // A check that disagreed in this chunk takes the shape's waiting units with it.
    this.synthesize(rest.filter((p) => p.role === 'stamp' && p.shape.refused).map((p) => p.unit), parts);
    const toStamp = rest.filter((p) => p.role === 'stamp' && !p.shape.refused);
    if (toStamp.length) parts.push(this.stampAll(toStamp));
    return parts;
  }

  private shapeOf(key: string): Shape {
    let shape = this.shapes.get(key);
    if (!shape) this.shapes.set(key, (shape = { exercised: new Set() }));
    return shape;
  }

  private synthesize(list: readonly EffectiveUnit[], parts: ManifestPart[]): ManifestPart | undefined {
    if (!list.length) return undefined;
    const part = this.context.synthesize(list);
    parts.push(part);
    this.stats.synthesized += list.length;
    return part;
  }

  /** The exemplar's JSON turned into the check's must be the check's file, byte for byte. */
  private verify(check: Pending, checkEntry: ManifestEntry): void {
    const shape = check.shape;
    this.stats.checks++;
    const exemplar = shape.exemplar!;
    shape.json ??= JSON.parse(readFileSync(path.join(this.context.outdir, exemplar.entry.synthesizedStackPath as string), 'utf8')) as unknown;
    const substitution = Substitution.between({ variables: exemplar.variables, tags: exemplar.unit.tags }, { variables: check.variables, tags: check.unit.tags });
    let reason = typeof substitution === 'string' ? substitution : undefined;
    if (typeof substitution !== 'string') {
      const expected = readFileSync(path.join(this.context.outdir, checkEntry.synthesizedStackPath as string), 'utf8');
      if (substitution.write(shape.json) !== expected) reason = `${exemplar.unit.name}'s stack with ${check.unit.name}'s values is not ${check.unit.name}'s stack`;
      else if (terraformJson(substitution.apply(exemplar.entry)) !== terraformJson(checkEntry)) {
        reason = `the manifest entries of ${exemplar.unit.name} and ${check.unit.name} differ beyond their values`;
      }
    }
    if (reason === undefined) {
      for (const i of differences(exemplar, check)) shape.exercised.add(i);
      return;
    }
    shape.refused = reason;
    shape.json = undefined;
    this.stats.refusedShapes++;
    this.context.refused?.(`not stamping the shape of ${exemplar.unit.name}: ${reason}`);
  }

  private stampAll(units: readonly Pending[]): ManifestPart {
    const stacks: ManifestPart['stacks'] = {};
    let stamped = 0;
    for (const { unit, shape, variables } of units) {
      const exemplar = shape.exemplar!;
      const substitution = Substitution.between({ variables: exemplar.variables, tags: exemplar.unit.tags }, { variables, tags: unit.tags });
      if (typeof substitution === 'string') {
        // This unit's values cannot be substituted (one value would become two): CDKTF builds it.
        Object.assign(stacks, this.context.synthesize([unit]).stacks);
        this.stats.synthesized++;
        continue;
      }
      const entry = substitution.apply(exemplar.entry) as ManifestEntry;
      const file = path.join(this.context.outdir, entry.synthesizedStackPath as string);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, substitution.write(shape.json));
      stacks[unit.name] = entry;
      stamped++;
    }
    this.stats.stamped += stamped;
    return { version: units[0].shape.exemplar!.version, stacks, stamped };
  }
}

/** Indexes of the variables in which `unit` differs from the exemplar; -1 when the tags differ. */
function differences(exemplar: Pick<Exemplar, 'unit' | 'variables'>, unit: { readonly unit: EffectiveUnit; readonly variables: readonly StampVariable[] }): number[] {
  const out: number[] = [];
  exemplar.variables.forEach((v, i) => {
    if (unit.variables[i]?.value !== v.value) out.push(i);
  });
  if (stableJson(exemplar.unit.tags) !== stableJson(unit.unit.tags)) out.push(-1);
  return out;
}

/**
 * About how many of `units` CDKTF builds rather than stamps: per shape its exemplar and one check
 * (more checks when units differ in values others share). Only for deciding whether threads pay;
 * the output does not depend on it.
 */
export function stacksCdktfBuilds(model: VendModel, units: readonly EffectiveUnit[], spacesOf: ReadonlyMap<string, readonly string[]>): number {
  const sizes = new Map<string, number>();
  for (const unit of units) {
    const key = unitShape(model, { unit, spaces: spacesOf.get(unit.name) });
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return [...sizes.values()].reduce((sum, n) => sum + Math.min(n, 2), 0);
}
