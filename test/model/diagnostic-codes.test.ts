/**
 * The table of diagnostic codes (lib/model/diagnostic-codes.ts) is complete and is the README's
 * Validation table: every code a rule fixture or a bad-input case produces is listed, every listed
 * code is in the README, and every rule code has a fixture folder that produces it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../lib/model';
import { REPO, scenarioCatalog, validateFixture } from './support/catalog-fixture';

const SCENARIOS = path.join(__dirname, 'fixtures', 'rules');

/** Rule codes no fixture produces yet; each is a known gap (code.md A.1) to close, not to grow. */
const NO_FIXTURE_YET = ['cloud-not-configured', 'declarative-count', 'duplicate-identity', 'duplicate-template', 'group-parameter', 'missing-template', 'rcp-too-large'];

describe('diagnostic codes', () => {
  const produced = new Set<string>();
  beforeAll(() => {
    for (const scenario of readdirSync(SCENARIOS)) {
      const fixture = scenarioCatalog(path.join(SCENARIOS, scenario));
      try {
        for (const d of validateFixture(fixture).diagnostics) produced.add(d.code);
      } finally {
        fixture.cleanup();
      }
    }
  });

  test('every code the fixtures produce is in the table', () => {
    expect([...produced].filter((code) => !DIAGNOSTIC_CODES[code]).sort()).toEqual([]);
  });

  test('every rule code is produced by a fixture, but for the listed gaps', () => {
    const rules = Object.entries(DIAGNOSTIC_CODES).filter(([, info]) => info.stage === 'rule').map(([code]) => code);
    expect(rules.filter((code) => !produced.has(code)).sort()).toEqual(NO_FIXTURE_YET);
  });

  test('the README Validation table lists every code with its meaning', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) expect(readme).toContain(`| \`${code}\` | ${info.stage} | ${info.title} |`);
  });
});
