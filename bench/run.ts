/**
 * `npm run bench`: runs each benchmark case in its own Node process for each size, one after the
 * other (the machine is shared), and prints a markdown table for the README.
 *
 *   npm run bench                      # every case at 100, 1,000 and 2,000
 *   npm run bench -- --cases validate-plan --sizes 100,2000
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const CASES: Array<{ name: string; what: string; target: string }> = [
  { name: 'validate-plan', what: 'validate + plan (mixed catalog)', target: '2,000 units < 5 s' },
  { name: 'aws-synth', what: 'AWS CDK synth, full baselines, validator off', target: '2,000 accounts < 30 s, < 1.5 GB' },
  { name: 'azure-synth', what: 'Azure CDKTF synth, full baselines', target: '2,000 subscriptions < 20 s, < 1 GB' },
  { name: 'inventory', what: 'inventory + drift against moto', target: '2,000 accounts ≤ 300 calls, < 60 s' },
];

function arg(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sizes = (arg('--sizes') ?? '100,1000,2000').split(',').map(Number);
const wanted = arg('--cases')?.split(',');
const rows: Array<Record<string, unknown>> = [];

for (const benchCase of CASES) {
  if (wanted && !wanted.includes(benchCase.name)) continue;
  const script = path.join(__dirname, `${benchCase.name}.js`);
  if (!existsSync(script)) {
    process.stderr.write(`skipping ${benchCase.name}: ${script} not built\n`);
    continue;
  }
  for (const n of sizes) {
    process.stderr.write(`${benchCase.name} n=${n}…\n`);
    const child = spawnSync(process.execPath, ['--max-old-space-size=4096', script, String(n)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, CDK_VALIDATION: 'false', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      rows.push({ case: benchCase.name, n, error: `exit ${child.status}` });
      continue;
    }
    rows.push(JSON.parse(line));
  }
}

const extra = (row: Record<string, unknown>) =>
  Object.entries(row)
    .filter(([k]) => !['case', 'n', 'seconds', 'peakRssMb', 'error'].includes(k))
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : v}`)
    .join(', ');
const table = [
  '| case | N | seconds | peak RSS (MB) | details |',
  '|---|---:|---:|---:|---|',
  ...rows.map((r) =>
    r.error
      ? `| ${r.case} | ${r.n} | failed | | ${r.error} |`
      : `| ${r.case} | ${r.n} | ${(r.seconds as number).toFixed(2)} | ${r.peakRssMb} | ${extra(r)} |`,
  ),
].join('\n');
process.stdout.write(table + '\n\nTargets: ' + CASES.map((c) => `${c.name}: ${c.target}`).join('; ') + '\n');
const outDir = path.resolve(__dirname, '../../.vend');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify(rows, null, 2) + '\n');
if (rows.some((r) => r.error)) process.exitCode = 1;
