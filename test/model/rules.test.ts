/**
 * Every semantic rule and every kind of bad input, one scenario folder each under
 * fixtures/rules/<scenario>/ (files laid over the bundled catalog, files listed in remove.txt taken
 * out) with the exact lines `vend validate` must print in expected.txt. Each scenario is validated
 * once per run; the same results prove the table of diagnostic codes complete: every code a
 * scenario produces is listed there, and every rule code is produced by some scenario.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../lib/model';
import { scenarioCatalog, validateFixture } from './support/catalog-fixture';

const SCENARIOS = path.join(__dirname, 'fixtures', 'rules');
const scenarios = readdirSync(SCENARIOS).sort();

interface Outcome {
  readonly lines: string[];
  readonly codes: string[];
}

/** Each scenario's outcome, validated the first time a test asks for it (each test runs alone, too). */
const outcomes = new Map<string, Outcome>();
const outcome = (scenario: string): Outcome => {
  const known = outcomes.get(scenario);
  if (known) return known;
  const fixture = scenarioCatalog(path.join(SCENARIOS, scenario));
  try {
    const { lines, diagnostics } = validateFixture(fixture);
    const result = { lines, codes: diagnostics.map((d) => d.code) };
    outcomes.set(scenario, result);
    return result;
  } finally {
    fixture.cleanup();
  }
};

describe('validation rules', () => {
  test('every scenario has an expectation', () => {
    const missing = scenarios.filter((s) => !readdirSync(path.join(SCENARIOS, s)).includes('expected.txt'));
    expect(missing).toEqual([]);
  });

  test.each(scenarios)('%s: reports exactly the expected problems', (scenario) => {
    const expected = readFileSync(path.join(SCENARIOS, scenario, 'expected.txt'), 'utf8').trim().split('\n');
    expect(outcome(scenario).lines).toEqual(expected);
  });
});

describe('diagnostic codes', () => {
  const produced = () => new Set(scenarios.flatMap((s) => outcome(s).codes));

  test('every code the scenarios produce is in the table', () => {
    expect([...produced()].filter((code) => !DIAGNOSTIC_CODES[code]).sort()).toEqual([]);
  });

  test('every rule code is produced by a scenario', () => {
    const codes = produced();
    const rules = Object.entries(DIAGNOSTIC_CODES).filter(([, info]) => info.stage === 'rule').map(([code]) => code);
    expect(rules.length).toBeGreaterThan(40);
    expect(rules.filter((code) => !codes.has(code)).sort()).toEqual([]);
  });
});
