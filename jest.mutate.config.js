/**
 * The tests mutation testing runs (`npm run mutate`, not in CI): the specifications of the code that
 * decides what decommission may close or cancel, of the validation rules, and of Azure stack
 * stamping (which must never write a stack CDKTF would not), and of the values AWS stacks publish to
 * each other (stack-outputs.ts: a wrong read is a wrong account id in another stack), and of the
 * accounts written as data (fragments/, accounts-stack.ts: a changed logical id is a second
 * account), and of the fast way of reading catalog YAML (fast-yaml.ts: a value it reads differently
 * from `yaml` is a different catalog). The child-process kill tests and the CLI tests are left out: they take minutes per mutant and check convergence,
 * which the in-process moto and ARM scenarios check too.
 *
 * VEND_MUTATE_TESTS=fast keeps only the tests that need no emulator (seconds per mutant), for
 * iterating on the pure modules: `VEND_MUTATE_TESTS=fast npx stryker run --mutate <file>`.
 */
const base = require('./jest.config');

const fast = [
  '<rootDir>/test/operations/decommission/**/*.test.ts',
  '<rootDir>/test/model/rules.test.ts',
  '<rootDir>/test/model/removed-units.test.ts',
  '<rootDir>/test/model/lifecycle.test.ts',
  '<rootDir>/test/azure/stamping.test.ts',
  '<rootDir>/test/azure/compiled-json.test.ts',
  '<rootDir>/test/aws/stack-outputs.test.ts',
  '<rootDir>/test/aws/template-fragment.test.ts',
  '<rootDir>/test/aws/accounts.test.ts',
  '<rootDir>/test/aws/adopted-accounts.test.ts',
  '<rootDir>/test/model/fast-yaml.test.ts',
];
const emulated = [
  '<rootDir>/test/operations/aws-decommission.test.ts',
  '<rootDir>/test/operations/azure.test.ts',
  '<rootDir>/test/operations/ledger.test.ts',
  '<rootDir>/test/operations/locks.test.ts',
];

module.exports = {
  ...base,
  testMatch: process.env.VEND_MUTATE_TESTS === 'fast' ? fast : [...fast, ...emulated],
  maxWorkers: 1,
};
