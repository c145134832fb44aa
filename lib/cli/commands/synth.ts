import type { Command } from 'commander';
import { renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { loadModel } from '../../model';
import { log, oneOf, withProgress, writeResult } from '../io';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';

export function register(program: Command): void {
  const command = program
    .command('synth')
    .description('synthesize the AWS CDK cloud assembly and/or the CDKTF Terraform JSON (offline, no credentials)');
  withCatalogOptions(command)
    .option('--cloud <cloud>', 'aws | azure | all', 'all')
    .option('--out <dir>', 'output root: AWS into <dir>/cdk.out, Azure into <dir>/cdktf.out', '.')
    .option('--format <format>', 'text | json', 'text')
    .action(async (opts: CatalogOptions & { cloud: string; out: string; format: string }) => {
      const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'all'] as const);
      const format = oneOf('--format', opts.format, ['text', 'json'] as const);
      const model = await withProgress('loading catalog', () => loadModel(loadOptions(opts)));
      const results: Array<{ cloud: string; outdir: string; stacks: string[] }> = [];
      if (cloud === 'aws' || cloud === 'all') {
        // Loaded on demand: validate and plan never pay for aws-cdk-lib.
        const { synthesizeAws } = await import('../../aws');
        const outdir = path.resolve(opts.out, 'cdk.out');
        const result = await withProgress('synthesizing AWS (CDK)', () =>
          replaceWhole(outdir, (staging) => synthesizeAws(model, { outdir: staging })),
        );
        results.push({ cloud: 'aws', outdir, stacks: result.stacks });
      }
      if (cloud === 'azure' || cloud === 'all') {
        const { synthesizeAzure } = await import('../../azure');
        const outdir = path.resolve(opts.out, 'cdktf.out');
        const result = await withProgress('synthesizing Azure (CDKTF)', () => synthesizeAzure(model, { outdir }));
        results.push({ cloud: 'azure', ...result });
      }
      if (format === 'json') {
        writeResult(JSON.stringify(results, null, 2));
        return;
      }
      for (const r of results) {
        writeResult(`${r.cloud}: ${r.stacks.length} stacks in ${path.relative(process.cwd(), r.outdir) || '.'}`);
        for (const stack of r.stacks) log(`  ${stack}`);
      }
    });
}

/**
 * Synthesizes into a staging folder beside `outdir` and swaps it in only when synthesis succeeded,
 * so a failed synth (a cdk-nag finding, a stack over its limits) never leaves a half-written
 * assembly behind for a later deploy to pick up.
 */
function replaceWhole<T>(outdir: string, synthesize: (staging: string) => T): T {
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const result = synthesize(staging);
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    return result;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}
