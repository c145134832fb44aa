/**
 * Lets a worker thread started by a test require vend's TypeScript sources, transpiled on load
 * the way ts-jest transpiles them for the test itself (isolated modules, CommonJS). Passed as
 * `workerPreload` to synthesizeAzureInParallel; the built package never needs it.
 */
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const output = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(output.outputText, filename);
};
