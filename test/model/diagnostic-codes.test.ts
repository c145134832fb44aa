/**
 * The table of diagnostic codes (lib/model/diagnostic-codes.ts) is the README's Validation table:
 * every listed code is in the README with its stage and meaning. That the table is complete (every
 * code a scenario produces is listed, every rule code has a scenario that produces it) is proven by
 * rules.test.ts, which validates each scenario once.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../lib/model';
import { renderPath } from '../../lib/model/diagnostic';
import { REPO } from './support/catalog-fixture';

describe('diagnostic codes', () => {
  test('the README Validation table lists every code with its meaning', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const missing = Object.entries(DIAGNOSTIC_CODES)
      .map(([code, info]) => `| \`${code}\` | ${info.stage} | ${info.title} |`)
      .filter((row) => !readme.includes(row));
    expect(missing).toEqual([]);
    expect(Object.keys(DIAGNOSTIC_CODES).length).toBeGreaterThan(60);
  });
});

describe('field paths in messages', () => {
  test.each([
    [['tags', 'cost-center'], 'tags.cost-center'],
    [['Statement', 0, 'Condition', 'StringLike', 'aws:PrincipalArn'], 'Statement[0].Condition.StringLike.aws:PrincipalArn'],
    [['tags', ''], 'tags[""]'],
    [['tags', 'a.b'], 'tags["a.b"]'],
    [['tags', ' padded'], 'tags[" padded"]'],
    [['x', 'k[0]'], 'x["k[0]"]'],
  ] as const)('%j reads as %s, never as another path', (keys, expected) => {
    expect(renderPath(keys)).toBe(expected);
  });
});
