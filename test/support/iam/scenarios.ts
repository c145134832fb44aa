/**
 * Reads the scenario files kept beside the AWS organization policies
 * (`policies/aws/<name>.scenarios.yaml`), validated by the model's schema, each scenario expanded
 * per placement and labelled with its file and line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { awsScenariosSchema, formatDiagnostic, SourceFile, type AwsScenario } from '../../../lib/model';
import { checkSchema } from '../../../lib/model/schema-check';

export const POLICIES_AWS = path.resolve(__dirname, '..', '..', '..', 'policies', 'aws');

export interface LocatedScenario {
  readonly file: string;
  readonly line: number;
  /** The policy file the scenarios sit beside. */
  readonly policy: string;
  readonly placement: string;
  readonly scenario: AwsScenario;
}

export function scenarioFiles(dir = POLICIES_AWS): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.scenarios.yaml')).sort();
}

/** Every scenario of one file, expanded per placement (`all` → every placement of the world). */
export function loadScenarios(file: string, placements: readonly string[], dir = POLICIES_AWS): LocatedScenario[] {
  const full = path.join(dir, file);
  const shown = path.relative(path.resolve(dir, '..', '..'), full);
  const base = file.replace(/\.scenarios\.yaml$/, '');
  const policy = ['scp', 'rcp'].map((kind) => `${base}.${kind}.json`).find((f) => existsSync(path.join(dir, f)));
  if (!policy) throw new Error(`${shown}: no ${base}.scp.json or ${base}.rcp.json beside it`);
  const parsed = SourceFile.parse(shown, readFileSync(full));
  const checked = parsed.value === undefined ? { problems: parsed.problems } : checkSchema(awsScenariosSchema, parsed.value, parsed.source);
  const problems = [...parsed.problems, ...checked.problems];
  if (problems.length > 0 || !('value' in checked) || !checked.value) throw new Error(problems.map(formatDiagnostic).join('\n'));
  const seen = new Set<string>();
  return checked.value.scenarios.flatMap((scenario, i) => {
    const line = parsed.source.lineOf(['scenarios', i]);
    if (seen.has(scenario.name)) throw new Error(`${shown}:${line}: scenario name '${scenario.name}' is used twice`);
    seen.add(scenario.name);
    const wanted = [scenario.placement].flat();
    const expanded = wanted.includes('all') ? [...placements] : wanted;
    for (const p of expanded) {
      if (!placements.includes(p)) throw new Error(`${shown}:${line}: placement '${p}' is not one of ${placements.join(', ')}`);
    }
    return expanded.map((placement) => ({ file: shown, line, policy, placement, scenario }));
  });
}
