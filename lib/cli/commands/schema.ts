import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { jsonSchemas } from '../../model/json-schema';
import { writeResult } from '../io';

export function register(program: Command): void {
  program
    .command('schema')
    .description('write the JSON Schemas of the catalog file kinds, for editor autocompletion')
    .option('--out <dir>', 'output directory', 'schema')
    .action((opts: { out: string }) => {
      mkdirSync(opts.out, { recursive: true });
      for (const [name, schema] of Object.entries(jsonSchemas())) {
        const file = path.join(opts.out, `${name}.schema.json`);
        writeFileSync(file, JSON.stringify(schema, null, 2) + '\n');
        writeResult(file);
      }
    });
}
