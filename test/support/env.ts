// Unit tests run without aws-cdk-lib's CloudFormation validator (~4 s per synth) and without
// Terraform's network checks; the dedicated validation check turns the validator back on.
process.env.CDK_VALIDATION ??= 'false';
process.env.CHECKPOINT_DISABLE = '1';
process.env.TF_CLI_CONFIG_FILE = '/dev/null';
