import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../model';

/** vend's own version, from its package.json. */
export function vendVersion(): string {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}
