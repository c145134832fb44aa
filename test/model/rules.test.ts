/**
 * Every semantic rule and every kind of bad input, one scenario folder each under
 * fixtures/rules/<scenario>/ (files laid over the bundled catalog) with the exact lines
 * `vend validate` must print in expected.txt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scenarioCatalog, validateFixture } from './support/catalog-fixture';

const SCENARIOS = path.join(__dirname, 'fixtures', 'rules');

describe('validation rules', () => {
  const scenarios = readdirSync(SCENARIOS).sort();

  test('every scenario has an expectation', () => {
    const missing = scenarios.filter((s) => !readdirSync(path.join(SCENARIOS, s)).includes('expected.txt'));
    expect(missing).toEqual([]);
  });

  test.each(scenarios)('%s: reports exactly the expected problems', (scenario) => {
    const fixture = scenarioCatalog(path.join(SCENARIOS, scenario));
    try {
      const expected = readFileSync(path.join(SCENARIOS, scenario, 'expected.txt'), 'utf8').trim().split('\n');
      expect(validateFixture(fixture).lines).toEqual(expected);
    } finally {
      fixture.cleanup();
    }
  });
});
