/**
 * Runs located scenarios and says which did not reach their expected decision, with file, line,
 * placement and what the evaluator decided instead. Shared by the scenario suite and its negative
 * controls.
 */
import { evaluateCall, type EvaluateOptions } from './evaluate';
import type { LocatedScenario } from './scenarios';
import type { GuardrailWorld } from './world';

export async function scenarioFailures(world: GuardrailWorld, scenarios: readonly LocatedScenario[], options: EvaluateOptions = {}): Promise<string[]> {
  const outcomes = await Promise.all(scenarios.map((s) => evaluateCall(world, s.placement, s.scenario, options)));
  const failures: string[] = [];
  scenarios.forEach(({ file, line, placement, scenario }, i) => {
    const outcome = outcomes[i];
    const where = `${file}:${line} [${placement}] ${scenario.name}`;
    const by = outcome.deniedBy.length > 0 ? ` by ${outcome.deniedBy.join(', ')}` : '';
    if (outcome.decision !== scenario.expect) {
      failures.push(`${where}: expected ${scenario.expect}, got ${outcome.result}${by}`);
      return;
    }
    if (scenario.expect !== 'denied') return;
    const expected = scenario.deniedBy;
    if (expected === 'implicit') {
      if (outcome.result !== 'ImplicitlyDenied') failures.push(`${where}: expected an implicit deny, got ${outcome.result}${by}`);
    } else if (outcome.result !== 'ExplicitlyDenied') {
      failures.push(`${where}: expected an explicit deny by a guardrail, got ${outcome.result}`);
    } else if (expected && !outcome.deniedBy.includes(expected)) {
      failures.push(`${where}: expected ${expected} to deny, got${by}`);
    }
  });
  return failures;
}
