/**
 * `node dist/bench/inventory.js N`: inventory + drift over N accounts in about 20 OUs, in moto.
 * Starts moto (scripts/moto.sh), seeds a generated N-unit AWS catalog (seeding not timed), then:
 *   - a cold inventory (no previous snapshot: every account's tags are read) — calls counted;
 *   - the steady-state run that `vend drift` does on schedule: inventory with the previous
 *     snapshot, at the published Organizations rates, plus drift — calls and wall time measured.
 * The naive per-account approach (ListAccounts, then ListParents, ListTagsForResource and
 * ListPoliciesForTarget for every account, ListPoliciesForTarget per OU) is computed beside it.
 * Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadModel, writeGeneratedCatalog } from '../lib/model';
import { AwsClients } from '../lib/operations/aws/clients';
import { computeDrift } from '../lib/operations/drift';
import { readInventory } from '../lib/operations/inventory';
import { seedAws } from '../lib/operations/testing/seed-aws';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const repo = path.resolve(__dirname, '../..');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const pid = Number(execFileSync(path.join(repo, 'scripts/moto.sh'), ['start', String(port)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop());
  const endpoint = `http://127.0.0.1:${port}`;
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  const dir = mkdtempSync(path.join(tmpdir(), 'vend-bench-inventory-'));
  try {
    writeGeneratedCatalog(dir, { units: n, cloud: 'aws', environments: ['dev', 'test', 'staging', 'prod'] });
    const model = loadModel({ catalogDir: dir });
    const seeding = Date.now();
    await seedAws(new AwsClients({ endpoint, region: 'us-east-1', gateOptions: { unlimited: true } }), model, { access: false, roles: false, parallelism: 8 });
    process.stderr.write(`seeded ${n} accounts in ${((Date.now() - seeding) / 1000).toFixed(1)} s\n`);

    const cold = new AwsClients({ endpoint, region: 'us-east-1', gateOptions: { unlimited: true } });
    const first = await readInventory({ clouds: ['aws'], aws: cold });
    const coldCalls = cold.gate.totalRequests();

    const global = globalThis as { gc?: () => void };
    global.gc?.();
    const warm = new AwsClients({ endpoint, region: 'us-east-1' }); // the published rates
    const started = process.hrtime.bigint();
    const inventory = await readInventory({ clouds: ['aws'], aws: warm, previous: first });
    const report = computeDrift(model, inventory, ['aws']);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const calls = warm.gate.totalRequests();

    const accounts = inventory.aws!.accounts.length;
    const ous = inventory.aws!.organizationalUnits.length;
    const naiveCalls = Math.ceil(accounts / 20) + 3 * accounts + ous;
    process.stdout.write(
      JSON.stringify({
        case: 'inventory',
        n,
        seconds: Number(seconds.toFixed(2)),
        calls,
        naiveCalls,
        coldCalls,
        accounts,
        ous,
        findings: report.findings.length,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      }) + '\n',
    );
  } finally {
    try {
      process.kill(pid);
    } catch {
      /* gone */
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
