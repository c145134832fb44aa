import { AWS_DECOMMISSION, AZURE_DECOMMISSION, type LifecycleStep } from '../../../lib/model';
import type { Step } from '../../../lib/operations/decommission/engine';
import { noneLeft, stepsFromModel } from '../../../lib/operations/decommission/steps-from-model';

const make = (context: string, spec: LifecycleStep): Step => ({ spec, inspect: async () => ({ done: true, detail: `${context}:${spec.id}` }) });
const all = (steps: readonly LifecycleStep[]) => Object.fromEntries(steps.map((s) => [s.id, make]));

describe("a cloud's steps from the model", () => {
  test('one per step of the sequence, in its order, each built with the context', async () => {
    const steps = stepsFromModel('azure', all(AZURE_DECOMMISSION), 'ctx');
    expect(steps.map((s) => s.spec.id)).toEqual(AZURE_DECOMMISSION.map((s) => s.id));
    expect((await steps[1].inspect()).detail).toBe('ctx:revoke-access');
    expect(stepsFromModel('aws', all(AWS_DECOMMISSION), 'c').map((s) => s.spec.cloud)).toEqual(AWS_DECOMMISSION.map(() => 'aws'));
  });

  test('only the steps that apply', () => {
    expect(stepsFromModel('aws', all(AWS_DECOMMISSION), 'c', (s) => s.runs === 'cli').map((s) => s.spec.id)).toEqual(['revoke-trust', 'close']);
  });

  test('fails for a step without an implementation', () => {
    const { close: _c, ...missing } = all(AWS_DECOMMISSION);
    void _c;
    expect(() => stepsFromModel('aws', missing, 'c')).toThrow("no implementation for the aws lifecycle step 'close'");
  });
});

describe('the state of a step whose target is none left', () => {
  test('done when nothing is left; otherwise how many and what to do about each', () => {
    expect(noneLeft([], { some: 'role(s)', none: 'no roles' }, (x: string) => `drop ${x}`)).toEqual({ done: true, detail: 'no roles', actions: [] });
    expect(noneLeft(['a', 'b'], { some: 'role(s)', none: 'no roles' }, (x: string) => `drop ${x}`)).toEqual({ done: false, detail: '2 role(s)', actions: ['drop a', 'drop b'] });
  });
});
