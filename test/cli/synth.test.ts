/**
 * `vend synth`: both clouds from the bundled catalog, offline, and nothing written for a bad one.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fixtureCatalog } from '../model/support/catalog-fixture';
import { replaceWhole } from '../../lib/cli/commands/synth';
import { runCli } from './run-cli';

const mkdirp = (dir: string) => (mkdirSync(dir, { recursive: true }), dir);

const CATALOG = path.resolve(__dirname, '../../catalog');

describe('vend synth', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(path.join(tmpdir(), 'vend-synth-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  test('writes the AWS cloud assembly and the Terraform JSON for the bundled catalog', async () => {
    const result = await runCli(['synth', '--catalog', CATALOG, '--cloud', 'all', '--out', out, '--format', 'json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { apiVersion: string; kind: string; assemblies: Array<{ cloud: string; outdir: string; stacks: string[] }> };
    expect(output).toMatchObject({ apiVersion: 'vend/v1', kind: 'Synthesis' });
    const [aws, azure] = output.assemblies;
    expect(aws).toMatchObject({ cloud: 'aws', outdir: path.join(out, 'cdk.out') });
    expect(aws.stacks).toEqual(expect.arrayContaining(['Vend-Organization', 'Vend-Security']));
    expect(readdirSync(aws.outdir)).toEqual(expect.arrayContaining(['manifest.json', 'Vend-Organization.template.json']));
    expect(azure).toMatchObject({ cloud: 'azure', outdir: path.join(out, 'cdktf.out') });
    expect(azure.stacks).toEqual(expect.arrayContaining(['vend-azure-tenant', 'space-we-contoso-prod']));
    expect(existsSync(path.join(azure.outdir, 'stacks', 'space-we-contoso-prod', 'cdk.tf.json'))).toBe(true);
    expect(readdirSync(out).filter((name) => name.includes('staging'))).toEqual([]);
    // progress fires while the synchronous synthesis runs, stack by stack
    expect(result.stderr).toMatch(new RegExp(`aws stack 1 of ${aws.stacks.length}: `));
    expect(result.stderr).toMatch(new RegExp(`aws stack ${aws.stacks.length} of ${aws.stacks.length}: `));
    expect(result.stderr).toContain(`azure stacks 2–${azure.stacks.length} of ${azure.stacks.length}`);
    // No absolute path of this machine in what synth writes (lifecycle.md I3), but where aws-cdk-lib
    // cannot leave it out: Validations.acknowledge records its caller's trace unconditionally
    // (aws-cdk-lib 2.276 core/lib/validation/validations.js, recordAcknowledgment).
    expect(localPathsIn(out)).toEqual({ files: [], metadata: ['aws:cdk:acknowledged-rules'] });
    expect(readdirSync(aws.outdir).filter((f) => f.endsWith('.metadata.json') && readFileSync(path.join(aws.outdir, f), 'utf8').includes('aws:cdk:creationStack'))).toEqual([]);
  }, 120_000);

  test('swaps the new assembly in only when synthesis succeeds: a failure leaves the previous one whole', () => {
    const outdir = path.join(out, 'cdk.out');
    replaceWhole(outdir, (staging) => writeFileSync(path.join(mkdirp(staging), 'manifest.json'), 'old'));
    expect(() => replaceWhole(outdir, (staging) => {
      writeFileSync(path.join(mkdirp(staging), 'manifest.json'), 'half');
      throw new Error('cdk-nag found something');
    })).toThrow('cdk-nag found something');
    expect(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).toBe('old');
    expect(readdirSync(out)).toEqual(['cdk.out']);
  });

  test('refuses an invalid catalog and writes nothing', async () => {
    const fixture = fixtureCatalog();
    try {
      fixture.write('catalog/units/space-bad.yaml', 'apiVersion: vend/v1\nkind: Space\nname: space-bad\n');
      const result = await runCli(['synth', '--catalog', fixture.dir, '--templates', fixture.templatesDir, '--policies', fixture.policiesDir, '--out', out]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/space-bad\.yaml:1: cloud: is required/);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      fixture.cleanup();
    }
  });
});

/** Files under `dir` holding this checkout's absolute path, and the types of the cdk.out metadata entries that do. */
function localPathsIn(dir: string): { files: string[]; metadata: string[] } {
  const repo = path.resolve(__dirname, '../..');
  const files: string[] = [];
  const metadata = new Set<string>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, rel);
    if (!statSync(file).isFile()) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.includes(repo)) continue;
    if (!rel.endsWith('.metadata.json')) {
      files.push(rel);
      continue;
    }
    const entries = Object.values(JSON.parse(text) as Record<string, Array<{ type: string }>>).flat();
    for (const entry of entries) if (JSON.stringify(entry).includes(repo)) metadata.add(entry.type);
  }
  return { files, metadata: [...metadata].sort() };
}
