import type { Command } from 'commander';
import { generateTargetProblem, writeGeneratedCatalog } from '../../model';
import { oneOf, UsageError, withFormat, writeJson, writeResult } from '../io';
import { refuseSpecialPath } from '../paths';

const FORMATS = ['text', 'json'] as const;

export function register(program: Command): void {
  withFormat(
    program
      .command('generate')
      .description('write a deterministic example catalog of N units (for scale tests and benchmarks)')
      .requiredOption('--units <n>', 'number of units')
      .requiredOption('--out <dir>', 'a new or empty folder, or one an earlier `vend generate` wrote (nothing else is ever deleted)')
      .option('--cloud <cloud>', 'aws | azure | mixed', 'mixed'),
    FORMATS,
  ).action((opts: { units: string; out: string; cloud: string; format: string }) => {
    const format = oneOf('--format', opts.format, FORMATS);
    const units = Number(opts.units);
    if (!Number.isInteger(units) || units < 1 || units > 4000) throw new UsageError('--units must be a whole number from 1 to 4000');
    const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'mixed'] as const);
    refuseSpecialPath(opts.out, '--out');
    const problem = generateTargetProblem(opts.out);
    if (problem) throw new UsageError(`--out ${opts.out}: ${problem}`);
    writeGeneratedCatalog(opts.out, { units, cloud });
    if (format === 'json') writeJson('GeneratedCatalog', { directory: opts.out, units });
    else writeResult(`wrote ${units} units to ${opts.out}`);
  });
}
