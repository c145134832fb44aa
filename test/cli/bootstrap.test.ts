/** `vend bootstrap aws`: the command line around lib/operations/aws/bootstrap.ts (tested against moto there). */
import { bootstrapExitCode } from '../../lib/cli/commands/bootstrap-aws';
import type { BootstrapReport, StepStatus } from '../../lib/operations/aws/bootstrap';
import { runCli } from './run-cli';

const report = (...statuses: StepStatus[]): BootstrapReport => ({
  dryRun: false,
  account: '111111111111',
  region: 'eu-west-1',
  steps: statuses.map((status, i) => ({ id: `step-${i}`, description: 'd', why: 'w', where: 'management', status })),
});

describe('vend bootstrap aws', () => {
  test('is a subcommand of bootstrap with a dry run', async () => {
    const help = await runCli(['bootstrap', 'aws', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--dry-run/);
    const parent = await runCli(['bootstrap', '--help']);
    expect(parent.stdout).toMatch(/\baws\b.*one-time AWS setup/);
  });

  test('rejects a format it does not have, as a usage error', async () => {
    const result = await runCli(['bootstrap', 'aws', '--format', 'yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--format must be one of text, json/);
  });

  test('exits 0 when everything is done, 1 when a person must act, 4 when a call failed', () => {
    expect(bootstrapExitCode(report('done', 'applied', 'would-apply'))).toBe(0);
    expect(bootstrapExitCode(report('done', 'blocked'))).toBe(1);
    expect(bootstrapExitCode(report('blocked', 'skipped'))).toBe(1);
    expect(bootstrapExitCode(report('blocked', 'failed', 'applied'))).toBe(4);
  });
});
