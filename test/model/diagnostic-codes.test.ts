/**
 * The table of diagnostic codes (lib/model/diagnostic-codes.ts) is the README's Validation table:
 * every listed code is in the README with its stage and meaning. That the table is complete (every
 * code a scenario produces is listed, every rule code has a scenario that produces it) is proven by
 * rules.test.ts, which validates each scenario once.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../lib/model';
import { z } from 'zod';
import { renderPath } from '../../lib/model/diagnostic';
import { checkSchema } from '../../lib/model/schema-check';
import { SourceFile } from '../../lib/model/source-file';
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

describe("schema failures in vend's words, also where a schema gives none of its own", () => {
  const messages = (schema: z.ZodType, value: unknown) => checkSchema(schema, value, SourceFile.synthetic('f.yaml')).problems.map((p) => p.message);
  test.each([
    ['a pattern without wording', z.object({ name: z.string().regex(/^[a-z]+$/) }), { name: 'A1' }, "'A1' does not match /^[a-z]+$/"],
    ['a union whose forms each want a type', z.object({ p: z.union([z.string(), z.strictObject({ n: z.string() })]) }), { p: 5 }, 'must be text or a mapping, found a number'],
    ['a union whose forms fail otherwise', z.object({ p: z.union([z.literal('a'), z.literal('b')]) }), { p: 'c' }, 'is none of the forms allowed here'],
    ['a record key without wording', z.object({ tags: z.record(z.string().regex(/^[a-z]+$/), z.string()) }), { tags: { X: 'v' } }, "key 'X': 'X' does not match /^[a-z]+$/"],
  ] as const)('%s', (_, schema, value, expected) => {
    const found = messages(schema, value);
    expect(found).toEqual([expected]);
    expect(found.join('\n')).not.toMatch(/Invalid|Too (small|big)/);
  });
});
