/**
 * Synthesis over worker threads writes exactly what synthesizeAzure writes on one thread: every
 * file of the output, byte for byte, on a generated catalog cut into three slices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesizeAzure, synthesizeAzureInParallel } from '../../lib/azure';
import { loadModel, writeGeneratedCatalog } from '../../lib/model';
import { filesUnder } from './support/synth';

const PRELOAD = path.resolve(__dirname, '../support/register-typescript.js');

describe('parallel synthesis writes what synthesizeAzure writes', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'vend-parallel-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('a generated catalog over three threads, file by file', async () => {
    const catalog = { catalogDir: path.join(work, 'catalog') };
    writeGeneratedCatalog(catalog.catalogDir, { units: 24, cloud: 'azure', spacesPerPop: 5 });
    const model = loadModel(catalog);
    const one = synthesizeAzure(model, { outdir: path.join(work, 'one'), backend: { kind: 'local' } });
    const progress: string[] = [];
    const three = await synthesizeAzureInParallel(model, {
      outdir: path.join(work, 'three'),
      backend: { kind: 'local' },
      catalog,
      threads: 3,
      minStacksPerThread: 1,
      workerPreload: PRELOAD,
      progress: (m) => progress.push(m),
    });
    expect(three.stacks).toEqual(one.stacks);
    // Three slices, each reporting its own stacks: the workers did run.
    expect(progress.sort()).toEqual(['stacks 10–17 of 25', 'stacks 18–25 of 25', 'stacks 2–9 of 25']);
    const expected = filesUnder(path.join(work, 'one'));
    expect(expected.size).toBe(26); // manifest + 25 stacks
    expect(filesUnder(path.join(work, 'three'))).toEqual(expected);
  });

  test('a worker that fails fails the synthesis, with its reason', async () => {
    const catalog = { catalogDir: path.join(work, 'catalog') };
    const model = loadModel(catalog);
    const elsewhere = { catalogDir: path.join(work, 'missing') };
    await expect(
      synthesizeAzureInParallel(model, { outdir: path.join(work, 'failed'), backend: { kind: 'local' }, catalog: elsewhere, threads: 2, minStacksPerThread: 1, workerPreload: PRELOAD }),
    ).rejects.toThrow(/organization\.yaml|not found|catalog/);
  });
});
