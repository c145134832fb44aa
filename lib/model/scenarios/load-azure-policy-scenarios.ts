/**
 * Reads every `policies/azure/<name>.scenarios.yaml`, schema-checked, with problems as diagnostics
 * that name file, line and field (never throws for bad input).
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { readBounded } from '../load-catalog';
import { displayPath } from '../package-paths';
import { checkSchema } from '../schema-check';
import { SourceFile } from '../source-file';
import { azurePolicyScenarioSchema, type AzurePolicyScenarioFile } from './azure-policy-scenario';

export interface LoadedScenarioFile {
  readonly file: string;
  readonly source: SourceFile;
  readonly spec: AzurePolicyScenarioFile;
}

export const SCENARIO_SUFFIX = '.scenarios.yaml';

export function loadAzurePolicyScenarios(azurePoliciesDir: string): { files: LoadedScenarioFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: LoadedScenarioFile[] = [];
  for (const name of readdirSync(azurePoliciesDir).filter((n) => n.endsWith(SCENARIO_SUFFIX)).sort()) {
    const file = path.join(azurePoliciesDir, name);
    const shown = displayPath(file);
    const content = readBounded(file, shown, diagnostics);
    if (content === undefined) continue;
    const parsed = SourceFile.parse(shown, content);
    diagnostics.push(...parsed.problems);
    if (parsed.value === undefined) continue;
    const checked = checkSchema(azurePolicyScenarioSchema, parsed.value, parsed.source);
    diagnostics.push(...checked.problems);
    if (!checked.value) continue;
    if (checked.value.policy !== name.slice(0, -SCENARIO_SUFFIX.length)) {
      diagnostics.push(parsed.source.at(['policy'], 'scenario-policy', `scenarios for '${checked.value.policy}' must be in ${checked.value.policy}${SCENARIO_SUFFIX}`));
      continue;
    }
    files.push({ file: shown, source: parsed.source, spec: checked.value });
  }
  return { files, diagnostics };
}
