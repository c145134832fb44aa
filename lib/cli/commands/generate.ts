import type { Command } from 'commander';
import { writeGeneratedCatalog } from '../../model';
import { oneOf, UsageError, writeResult } from '../io';

export function register(program: Command): void {
  program
    .command('generate')
    .description('write a deterministic example catalog of N units (for scale tests and benchmarks)')
    .requiredOption('--units <n>', 'number of units')
    .requiredOption('--out <dir>', 'directory to write (replaced)')
    .option('--cloud <cloud>', 'aws | azure | mixed', 'mixed')
    .action((opts: { units: string; out: string; cloud: string }) => {
      const units = Number(opts.units);
      if (!Number.isInteger(units) || units < 1 || units > 4000) throw new UsageError('--units must be a whole number from 1 to 4000');
      const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'mixed'] as const);
      writeGeneratedCatalog(opts.out, { units, cloud });
      writeResult(`wrote ${units} units to ${opts.out}`);
    });
}
