/**
 * Unit stacks stamped from exemplars instead of each built through CDKTF.
 *
 * At 2,000 units nearly every unit stack is one of a few shapes (unit-variables.ts) and CDKTF
 * spends ~5 ms building, resolving and writing each. Here the units of one shape share that work:
 * the first unit of a shape (its exemplar) and the second (its check) are synthesized through
 * CDKTF as before; the exemplar's JSON with the check's variables substituted must then equal the
 * check's file byte for byte, or the shape is never stamped and all its units go through CDKTF.
 * Every later unit of a verified shape is the exemplar's JSON with its own variables, written as
 * CDKTF writes (terraform-json.ts). Decommissioned units and shapes of one or two units always go
 * through CDKTF. The test "stamped synthesis writes what CDKTF writes" compares both paths file by
 * file over catalogs built to vary every variable and every shape.
 *
 * Units are taken in chunks in apply order, so progress and memory behave as before; an exemplar's
 * JSON is held only once its shape has a check that agreed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EffectiveUnit, VendModel } from '../../model';
import type { ManifestPart } from '../synthesize';
import { Substitution } from './substitution';
import { terraformJson } from './terraform-json';
import { unitShape, unitVariables, type StampVariable } from './unit-variables';

type ManifestEntry = ManifestPart['stacks'][string];

interface Stamped {
  readonly unit: EffectiveUnit;
  readonly variables: readonly StampVariable[];
}

interface Shape {
  exemplar?: Stamped & { entry?: ManifestEntry; version?: string };
  check?: Stamped;
  /** Set once the check agreed: the exemplar's stack JSON. */
  json?: unknown;
  /** Set once the check disagreed: why the shape is synthesized unit by unit. */
  refused?: string;
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
  readonly stats = { synthesized: 0, stamped: 0, refusedShapes: 0 };

  constructor(private readonly context: StampingContext) {}

  /** One chunk of units (in apply order): their stacks written, their manifest parts returned. */
  chunk(units: readonly EffectiveUnit[]): ManifestPart[] {
    const viaCdktf: EffectiveUnit[] = [];
    const exemplars: Shape[] = [];
    const checks: Shape[] = [];
    const later: Array<{ unit: EffectiveUnit; shape: Shape }> = [];
    for (const unit of units) {
      if (unit.lifecycle === 'decommissioned') {
        viaCdktf.push(unit);
        continue;
      }
      const input = { unit, spaces: this.context.spacesOf.get(unit.name) };
      const key = unitShape(this.context.model, input);
      const shape = this.shapes.get(key) ?? this.shapes.set(key, {}).get(key)!;
      if (!shape.exemplar) {
        shape.exemplar = { unit, variables: unitVariables(this.context.model, input) };
        exemplars.push(shape);
        viaCdktf.push(unit);
      } else if (!shape.check) {
        shape.check = { unit, variables: unitVariables(this.context.model, input) };
        checks.push(shape);
        viaCdktf.push(unit);
      } else later.push({ unit, shape });
    }
    const parts: ManifestPart[] = [];
    const synthesize = (list: readonly EffectiveUnit[]): ManifestPart | undefined => {
      if (!list.length) return undefined;
      const part = this.context.synthesize(list);
      parts.push(part);
      this.stats.synthesized += list.length;
      return part;
    };
    const built = synthesize(viaCdktf);
    for (const shape of exemplars) Object.assign(shape.exemplar!, { entry: built!.stacks[shape.exemplar!.unit.name], version: built!.version });
    for (const shape of checks) this.verify(shape, built!.stacks[shape.check!.unit.name]);
    synthesize(later.filter((l) => l.shape.json === undefined).map((l) => l.unit));
    const stamped = later.filter((l) => l.shape.json !== undefined);
    if (stamped.length) parts.push(this.stampAll(stamped));
    return parts;
  }

  /** The exemplar's JSON turned into the check's must be the check's file, byte for byte. */
  private verify(shape: Shape, checkEntry: ManifestEntry): void {
    const [exemplar, check] = [shape.exemplar!, shape.check!];
    const json = JSON.parse(readFileSync(path.join(this.context.outdir, exemplar.entry!.synthesizedStackPath as string), 'utf8')) as unknown;
    const substitution = Substitution.between({ variables: exemplar.variables, tags: exemplar.unit.tags }, { variables: check.variables, tags: check.unit.tags });
    let reason = typeof substitution === 'string' ? substitution : undefined;
    if (typeof substitution !== 'string') {
      const expected = readFileSync(path.join(this.context.outdir, checkEntry.synthesizedStackPath as string), 'utf8');
      if (terraformJson(substitution.apply(json)) !== expected) reason = `${exemplar.unit.name}'s stack with ${check.unit.name}'s values is not ${check.unit.name}'s stack`;
      else if (terraformJson(substitution.apply(exemplar.entry)) !== terraformJson(checkEntry)) {
        reason = `the manifest entries of ${exemplar.unit.name} and ${check.unit.name} differ beyond their values`;
      }
    }
    if (reason === undefined) {
      shape.json = json;
      return;
    }
    shape.refused = reason;
    this.stats.refusedShapes++;
    this.context.refused?.(`not stamping the shape of ${exemplar.unit.name}: ${reason}`);
  }

  private stampAll(units: ReadonlyArray<{ unit: EffectiveUnit; shape: Shape }>): ManifestPart {
    const stacks: ManifestPart['stacks'] = {};
    let stamped = 0;
    for (const { unit, shape } of units) {
      const exemplar = shape.exemplar!;
      const variables = unitVariables(this.context.model, { unit, spaces: this.context.spacesOf.get(unit.name) });
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
      writeFileSync(file, terraformJson(substitution.apply(shape.json)));
      stacks[unit.name] = entry;
      stamped++;
    }
    this.stats.stamped += stamped;
    return { version: units[0].shape.exemplar!.version!, stacks, stamped };
  }
}
