/**
 * The stack templates `vend synth --cloud aws` writes for a catalog, synthesized in a child process
 * with the validator off (the CLI path, untimed by the cases that read them), with each stack's
 * account and region as aws-cdk-lib's validation context carries them.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { PolicyValidationStack } from 'aws-cdk-lib';
import { CloudAssembly, UNKNOWN_ACCOUNT, UNKNOWN_REGION } from 'aws-cdk-lib/cx-api';

export function synthesizedAwsTemplates(catalog: string, work: string): PolicyValidationStack[] {
  const vend = path.resolve(__dirname, '../bin/vend.js');
  // its progress lines are not the bench's; a failure still shows what the synth printed
  execFileSync(process.execPath, [vend, 'synth', '--cloud', 'aws', '--catalog', catalog, '--out', work], {
    env: { ...process.env, CDK_VALIDATION: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
  });
  return new CloudAssembly(path.join(work, 'cdk.out')).stacksRecursively.map((s) => ({
    stackConstructPath: s.hierarchicalId,
    templatePath: s.templateFullPath,
    accountId: s.environment.account !== UNKNOWN_ACCOUNT ? s.environment.account : undefined,
    region: s.environment.region !== UNKNOWN_REGION ? s.environment.region : undefined,
  }));
}
