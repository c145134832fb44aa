/** Synthesizes a catalog into a temp dir once and reads every stack back as JSON. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesizeAzure, type StateBackend, type SynthesizeAzureOptions } from '../../../lib/azure';
import { loadModel, type VendModel } from '../../../lib/model';

export const REPO = path.resolve(__dirname, '../../..');
export const BUNDLED_CATALOG = path.join(REPO, 'catalog');

/** A synthesized Terraform JSON document (the parts the tests read). */
export interface TfJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  terraform?: Record<string, unknown>;
}

export interface Synthesized {
  readonly model: VendModel;
  readonly outdir: string;
  readonly stacks: string[];
  /** Raw cdk.tf.json text per stack (what the CDKTF `Testing` matchers take). */
  readonly text: Map<string, string>;
  readonly json: Map<string, TfJson>;
  readonly manifest: { stacks: Record<string, { dependencies: string[]; synthesizedStackPath: string }> };
  cleanup(): void;
}

export function synth(model: VendModel, backend: StateBackend = { kind: 'local' }, options: Partial<SynthesizeAzureOptions> = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'vend-azure-test-'));
  const result = synthesizeAzure(model, { ...options, outdir, backend });
  const text = new Map<string, string>();
  const json = new Map<string, TfJson>();
  for (const stack of result.stacks) {
    const content = readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8');
    text.set(stack, content);
    json.set(stack, JSON.parse(content));
  }
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return { model, outdir, stacks: result.stacks, text, json, manifest, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

export function bundledModel(): VendModel {
  return loadModel({ catalogDir: BUNDLED_CATALOG });
}

/** Resources of one type in a stack, by logical name. */
export function resources(doc: TfJson, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(doc.resource?.[type] ?? {});
}

export function only<T>(list: T[], what: string): T {
  if (list.length !== 1) throw new Error(`expected exactly one ${what}, found ${list.length}`);
  return list[0];
}

/**
 * The bundled catalog with one more access entry, `owner`, on an Azure unit (no bundled Azure unit
 * has one), synthesized.
 */
export function synthWithOwner(unit: string, group: string): Synthesized {
  const dir = mkdtempSync(path.join(tmpdir(), 'vend-azure-owner-'));
  try {
    cpSync(BUNDLED_CATALOG, dir, { recursive: true });
    const file = path.join(dir, 'units', `${unit}.yaml`);
    const text = readFileSync(file, 'utf8');
    if (!/^access:\n/m.test(text)) throw new Error(`${file} has no access list to extend`);
    writeFileSync(file, text.replace(/^access:\n/m, `access:\n  - { group: ${group}, role: owner }\n`));
    return synth(loadModel({ catalogDir: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir`, by its path relative to `dir`, with its text: to compare two outputs whole. */
export function filesUnder(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) for (const [k, v] of filesUnder(full, `${prefix}${name}/`)) out.set(k, v);
    else out.set(`${prefix}${name}`, readFileSync(full, 'utf8'));
  }
  return out;
}
