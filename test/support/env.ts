// Unit tests run without aws-cdk-lib's CloudFormation validator (~4 s per synth) and without
// Terraform's network checks; the dedicated validation check turns the validator back on.
process.env.CDK_VALIDATION ??= 'false';
process.env.CHECKPOINT_DISABLE = '1';
process.env.TF_CLI_CONFIG_FILE = '/dev/null';
// A single test file run without jest.config.js's globalSetup still keeps out of ~/.cache.
process.env.VEND_CACHE_DIR ??= require('node:path').join(require('node:os').tmpdir(), `vend-test-cache-${process.pid}`);
// As bin/vend.ts does for the CLI: the AWS SDK's notice about its future Node 22 minimum (README,
// "Machine notes and pins") would otherwise be printed once per test worker and per CLI child.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
