import { readFileSync, writeFileSync } from 'node:fs';
import { Ledger } from '../../lib/operations/ledger';
import { tempLedger } from './support/fixtures';

function filled(n = 4): Ledger {
  const ledger = tempLedger();
  for (let i = 0; i < n; i++) ledger.append({ actor: 'arn:aws:sts::111111111111:assumed-role/VendPipelineRole/ci', action: `decommission.step-${i}`, unit: 'space-eu-legacy-dev', outcome: 'done', detail: { i } });
  return ledger;
}

const lines = (l: Ledger) => readFileSync(l.file, 'utf8').trimEnd().split('\n');
const write = (l: Ledger, ls: string[]) => writeFileSync(l.file, ls.map((x) => x + '\n').join(''));

describe('the audit ledger', () => {
  test('records who, what, when and the outcome, each entry chained to the previous one', () => {
    const ledger = filled(2);
    const [a, b] = ledger.entries();
    expect(a).toMatchObject({ seq: 1, actor: expect.stringContaining('VendPipelineRole'), action: 'decommission.step-0', outcome: 'done', prev: '0'.repeat(64) });
    expect(Date.parse(a.time)).not.toBeNaN();
    expect(b.prev).toBe(a.hash);
    expect(ledger.verify()).toEqual({ ok: true, entries: 2, problems: [] });
  });

  test('verifies an empty (absent) ledger', () => {
    expect(tempLedger().verify().ok).toBe(true);
  });

  test('fails verification when a line is edited', () => {
    const ledger = filled();
    const ls = lines(ledger);
    ls[1] = ls[1].replace('"outcome":"done"', '"outcome":"skipped"');
    write(ledger, ls);
    const result = ledger.verify();
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/line 2: content does not match its hash/);
  });

  test('fails verification when a line in the middle is deleted', () => {
    const ledger = filled();
    const ls = lines(ledger);
    ls.splice(1, 1);
    write(ledger, ls);
    expect(ledger.verify().problems.join('\n')).toMatch(/line 2: previous-hash link broken/);
  });

  test('fails verification when the last line is deleted', () => {
    const ledger = filled();
    write(ledger, lines(ledger).slice(0, -1));
    expect(ledger.verify().problems.join('\n')).toMatch(/lines deleted at the end/);
  });

  test('fails verification when an edited line is re-hashed but the chain is not', () => {
    const ledger = filled();
    const ls = lines(ledger);
    const e = JSON.parse(ls[0]);
    e.actor = 'someone-else';
    // a forger who recomputes this line's hash still breaks the next line's link
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    const { hash: _h, ...body } = e;
    void _h;
    const sorted = JSON.stringify(body, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v));
    e.hash = createHash('sha256').update(sorted).digest('hex');
    ls[0] = JSON.stringify(e);
    write(ledger, ls);
    expect(ledger.verify().problems.join('\n')).toMatch(/line 2: previous-hash link broken/);
  });

  test('appends after reopening continue the same chain', () => {
    const ledger = filled(2);
    const again = new Ledger(ledger.file);
    again.append({ actor: 'user:ci', action: 'decommission', outcome: 'requested' });
    expect(again.entries().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(again.verify().ok).toBe(true);
  });
});
