import type { Command } from 'commander';
import { renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { loadModel } from '../../model';
import { loadOptions, withCatalogOptions, type CatalogOptions } from '../catalog-options';
import { log, oneOf, withFormat, withProgress, writeJson, writeResult } from '../io';
import { ensureDirectory } from '../paths';

const FORMATS = ['text', 'json'] as const;

export function register(program: Command): void {
  const command = program
    .command('synth')
    .description('synthesize the AWS CDK cloud assembly and/or the CDKTF Terraform JSON (offline, no credentials)');
  withFormat(withCatalogOptions(command), FORMATS)
    .option('--cloud <cloud>', 'aws | azure | all', 'all')
    .option('--out <dir>', 'output root: AWS into <dir>/cdk.out, Azure into <dir>/cdktf.out', '.')
    .option('--list-stacks', 'print every stack name on stderr')
    .action(async (opts: CatalogOptions & { cloud: string; out: string; format: string; listStacks?: boolean }) => {
      const cloud = oneOf('--cloud', opts.cloud, ['aws', 'azure', 'all'] as const);
      const format = oneOf('--format', opts.format, FORMATS);
      ensureDirectory(opts.out, '--out');
      const catalog = loadOptions(opts);
      const model = await withProgress('loading catalog', () => loadModel(catalog));
      const results: Array<{ cloud: string; outdir: string; stacks: string[] }> = [];
      if (cloud === 'aws' || cloud === 'all') {
        // Loaded on demand: validate and plan never pay for aws-cdk-lib.
        const { synthesizeAws } = await import('../../aws');
        const outdir = path.resolve(opts.out, 'cdk.out');
        log('synthesizing AWS (CDK)…');
        const result = replaceWhole(outdir, (staging) => synthesizeAws(model, { outdir: staging, progress: (m) => log(`  aws ${m}`) }));
        results.push({ cloud: 'aws', outdir, stacks: result.stacks });
      }
      if (cloud === 'azure' || cloud === 'all') {
        const { synthesizeAzureInParallel } = await import('../../azure');
        const outdir = path.resolve(opts.out, 'cdktf.out');
        log('synthesizing Azure (CDKTF)…');
        // Over the machine's cores; the same files as synthesizeAzure on one (lib/azure/parallel-synthesis.ts).
        const result = await synthesizeAzureInParallel(model, { outdir, catalog, progress: (m) => log(`  azure ${m}`) });
        results.push({ cloud: 'azure', outdir: result.outdir, stacks: result.stacks });
      }
      if (format === 'json') {
        writeJson('Synthesis', { assemblies: results });
        return;
      }
      for (const r of results) {
        writeResult(`${r.cloud}: ${r.stacks.length} stacks in ${path.relative(process.cwd(), r.outdir) || '.'}`);
        if (opts.listStacks) for (const stack of r.stacks) log(`  ${stack}`);
      }
    });
}

/**
 * Synthesizes into a staging folder beside `outdir` and swaps it in only when synthesis succeeded,
 * so a failed synth (a cdk-nag finding, a stack over its limits) never leaves a half-written
 * assembly behind for a later deploy to pick up.
 */
export function replaceWhole<T>(outdir: string, synthesize: (staging: string) => T): T {
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
