#!/usr/bin/env node
import { main } from '../lib/cli/main';

// vend supports Node 20 (see README); the SDK's notice about its future Node 22 minimum would
// otherwise be printed on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`vend: unexpected failure: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
