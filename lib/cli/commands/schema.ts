import type { Command } from 'commander';
import * as path from 'node:path';
import { jsonSchemas } from '../../model/json-schema';
import { oneOf, withFormat, writeJson, writeResult } from '../io';
import { ensureDirectory, writeFileAtomic } from '../paths';

const FORMATS = ['text', 'json'] as const;

export function register(program: Command): void {
  withFormat(
    program
      .command('schema')
      .description('write the JSON Schemas of the catalog file kinds and of the CLI\'s JSON output, for editors and pipelines')
      .option('--out <dir>', 'output directory', 'schema'),
    FORMATS,
  ).action((opts: { out: string; format: string }) => {
    const format = oneOf('--format', opts.format, FORMATS);
    ensureDirectory(opts.out, '--out');
    const files: string[] = [];
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const file = path.join(opts.out, `${name}.schema.json`);
      writeFileAtomic(file, JSON.stringify(schema, null, 2) + '\n', '--out');
      files.push(file);
    }
    if (format === 'json') writeJson('FilesWritten', { files });
    else writeResult(files.join('\n'));
  });
}
