/**
 * vend's default closure quota is AWS's, as the CloseAccount API reference states it in the API model
 * the installed SDK was generated from (the documentation block of CloseAccountCommand). Earlier
 * revisions of that text said 10% (botocore 1.29), 10% between 10 and 200 (botocore 1.34) and 10%
 * between 10 and 1,000 (the text some docs mirrors still show); when AWS changes it again and the
 * SDK is updated, this test fails and lib/model/quotas.ts must follow.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { accountClosureLimit, DEFAULT_QUOTAS } from '../../lib/model';

const DOC = path.join(path.dirname(require.resolve('@aws-sdk/client-organizations/package.json')), 'dist-types/commands/CloseAccountCommand.d.ts');

test('the default closure quota is the one the CloseAccount API reference states', () => {
  const text = readFileSync(DOC, 'utf8').replace(/\s*\*\s*/g, ' ');
  const m = /Within a rolling 30 day period you can close the higher of either ([\d,]+) or (\d+)% of the member accounts in your organization, up to a maximum of ([\d,]+)/.exec(text);
  expect(m).not.toBeNull();
  const n = (s: string) => Number(s.replace(/,/g, ''));
  expect({ minimum: DEFAULT_QUOTAS.accountClosureMinimum, percent: DEFAULT_QUOTAS.accountClosurePercent, maximum: DEFAULT_QUOTAS.accountClosureMaximum }).toEqual({
    minimum: n(m![1]),
    percent: n(m![2]),
    maximum: n(m![3]),
  });
  // The higher of 250 and 20%, capped at 1,000.
  expect([100, 1250, 2000, 10_000].map((accounts) => accountClosureLimit(DEFAULT_QUOTAS, accounts))).toEqual([250, 250, 400, 1000]);
});
