/** A decommission run in its own process, so a test can kill it between (or inside) steps. */
import { loadModel } from '../../../lib/model';
import { AwsClients } from '../../../lib/operations/aws/clients';
import { decommission } from '../../../lib/operations/decommission/run';
import { Ledger } from '../../../lib/operations/ledger';

async function main() {
  const [endpoint, catalogDir, unit, ledgerFile] = process.argv.slice(2);
  const aws = new AwsClients({ endpoint, gateOptions: { unlimited: true, backoff: { baseMs: 5, capMs: 50 } } });
  const report = await decommission({ model: loadModel({ catalogDir }), unit, ledger: new Ledger(ledgerFile), aws, execute: true, confirm: unit, pollMs: 1, actor: 'child' });
  process.stdout.write(JSON.stringify(report));
}
main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
