import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CATALOG_DIR } from './support';

/** Runs bin/aws-app.ts as `cdk synth` would, with its environment, and returns the outdir. */
function runEntry(catalog: string): { outdir: string; exitCode: number | undefined; stderr: string } {
  const outdir = mkdtempSync(path.join(tmpdir(), 'vend-aws-entry-'));
  const saved = { VEND_CATALOG: process.env.VEND_CATALOG, CDK_OUTDIR: process.env.CDK_OUTDIR, exitCode: process.exitCode };
  const write = process.stderr.write;
  let stderr = '';
  process.env.VEND_CATALOG = catalog;
  process.env.CDK_OUTDIR = outdir;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    jest.isolateModules(() => require('../../bin/aws-app'));
    return { outdir, exitCode: process.exitCode as number | undefined, stderr };
  } finally {
    process.stderr.write = write;
    process.env.VEND_CATALOG = saved.VEND_CATALOG;
    process.env.CDK_OUTDIR = saved.CDK_OUTDIR;
    process.exitCode = saved.exitCode;
  }
}

describe('the CDK app entry (bin/aws-app.ts)', () => {
  test('synthesizes the catalog named by VEND_CATALOG into the CLI\'s outdir (whether cdk-nag ran is not observed here; cdk-nag.test.ts covers the app with nag on)', () => {
    const { outdir } = runEntry(CATALOG_DIR);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts)).toEqual(expect.arrayContaining(['Vend-Organization', 'Vend-Security']));
    expect(existsSync(path.join(outdir, 'Vend-Organization.template.json'))).toBe(true);
  });

  test('reports an invalid catalog on stderr and exits 1 without synthesizing', () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'vend-aws-bad-'));
    mkdirSync(path.join(bad, 'units'));
    writeFileSync(path.join(bad, 'organization.yaml'), 'apiVersion: vend/v1\nkind: Organization\nname: x\n');
    const { outdir, exitCode, stderr } = runEntry(bad);
    expect(exitCode).toBe(1);
    expect(stderr).toContain('organization.yaml');
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });
});
