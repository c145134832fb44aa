/**
 * `vend decommission UNIT --execute --confirm UNIT` in its own process, through the real command
 * module and environment configuration, so a test can kill it between (or inside) steps.
 * Usage: decommission-child.ts CATALOG UNIT LEDGER (endpoints and credentials from the environment).
 */
import { Command } from 'commander';
import { register } from '../../../lib/cli/commands/decommission';

async function main() {
  const [catalog, unit, ledger] = process.argv.slice(2);
  const program = new Command('vend').exitOverride();
  register(program);
  await program.parseAsync(['decommission', unit, '--execute', '--confirm', unit, '--catalog', catalog, '--ledger', ledger], { from: 'user' });
}
main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
