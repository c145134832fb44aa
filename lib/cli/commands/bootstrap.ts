import type { Command } from 'commander';
import { registerAws } from './bootstrap-aws';
import { registerBootstrapAzure } from './bootstrap-azure';

/**
 * `vend bootstrap <cloud>`: one-time setup of a cloud's organization before the first deploy.
 * Each cloud registers its own subcommand (bootstrap-aws.ts; bootstrap-azure.ts for Azure).
 */
export function register(program: Command): Command {
  const parent = program.command('bootstrap').description('one-time setup of a cloud organization before the first deploy (idempotent)');
  registerAws(parent);
  registerBootstrapAzure(parent);
  parent.exitOverride();
  for (const sub of parent.commands) sub.exitOverride();
  return parent;
}
