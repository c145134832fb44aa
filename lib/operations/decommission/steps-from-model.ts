/** A cloud's decommission steps, built from the model's sequence: one implementation per step id, in the model's order. */
import { decommissionSequence, type Cloud, type LifecycleStep } from '../../model';
import type { Step, StepState } from './engine';

export type StepFactory<C> = (context: C, spec: LifecycleStep) => Step;

export function stepsFromModel<C>(cloud: Cloud, implementations: Readonly<Record<string, StepFactory<C>>>, context: C, applies: (spec: LifecycleStep) => boolean = () => true): Step[] {
  return decommissionSequence(cloud)
    .filter(applies)
    .map((spec) => {
      const make = implementations[spec.id];
      if (!make) throw new Error(`no implementation for the ${cloud} lifecycle step '${spec.id}'`);
      return make(context, spec);
    });
}

/** The state of a step whose target is "none of these left": done when `found` is empty. */
export function noneLeft<T>(found: readonly T[], text: { readonly some: string; readonly none: string }, action: (item: T) => string): StepState {
  return { done: found.length === 0, detail: found.length ? `${found.length} ${text.some}` : text.none, actions: found.map(action) };
}
