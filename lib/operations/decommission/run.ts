/** `vend decommission UNIT`: refusal rules, confirmation, then the cloud's staged steps. */
import type { VendModel } from '../../model';
import type { AwsClients } from '../aws/clients';
import { awsDecommissionSteps } from '../aws/decommission';
import { locateAccount } from '../aws/organization';
import type { AzureClients } from '../azure/clients';
import { azureDecommissionSteps } from '../azure/decommission';
import { locateSubscription } from '../azure/subscriptions';
import type { Clock } from '../client';
import { localActor, type Ledger } from '../ledger';
import { runSteps, type RunReport } from './engine';
import { refusal } from './rules';

export class DecommissionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecommissionRefused';
  }
}

export interface DecommissionOptions {
  readonly model: VendModel;
  readonly unit: string;
  /** Act; otherwise only inspect and plan. @default false */
  readonly execute?: boolean;
  /** Must repeat the unit name when executing. */
  readonly confirm?: string;
  readonly ledger: Ledger;
  readonly aws?: AwsClients;
  readonly azure?: AzureClients;
  /** @default the cloud caller identity, else the OS user */
  readonly actor?: string;
  readonly now?: () => Date;
  readonly clock?: Clock;
  readonly pollMs?: number;
  readonly log?: (message: string) => void;
}

export async function decommission(options: DecommissionOptions): Promise<RunReport> {
  const { model, ledger } = options;
  const execute = options.execute ?? false;
  const unit = model.unit(options.unit);
  const refused = refusal(model, options.unit);
  const actor = options.actor ?? (await callerIdentity(options, unit?.cloud));
  if (refused) {
    if (execute) ledger.append({ actor, action: 'decommission', unit: options.unit, outcome: 'refused', detail: { reason: refused } });
    throw new DecommissionRefused(refused);
  }
  if (execute && options.confirm !== options.unit) {
    throw new DecommissionRefused(`--execute needs --confirm ${options.unit} (got ${options.confirm ? `'${options.confirm}'` : 'none'})`);
  }
  const u = unit!;
  if (u.cloud === 'aws') {
    if (!options.aws) throw new Error('no AWS clients configured');
    const account = await locateAccount(options.aws, model, u);
    if (!account) return nothingLive(options.unit, 'aws', execute, 'no live account is tagged with this unit');
    if (execute) ledger.append({ actor, action: 'decommission', unit: u.name, target: account.id, outcome: 'requested', detail: { email: account.email, status: account.status } });
    const steps = awsDecommissionSteps({ aws: options.aws, model, unit: u, account, ledger, now: options.now, clock: options.clock, pollMs: options.pollMs });
    return runSteps(steps, { unit: u.name, cloud: 'aws', target: account.id, execute, ledger, actor, log: options.log });
  }
  if (!options.azure) throw new Error('no Azure clients configured');
  const subscription = await locateSubscription(options.azure, u);
  if (!subscription) return nothingLive(options.unit, 'azure', execute, 'no live subscription is tagged with this unit');
  if (execute) ledger.append({ actor, action: 'decommission', unit: u.name, target: subscription.id, outcome: 'requested', detail: { alias: u.identity, state: subscription.state } });
  const steps = azureDecommissionSteps({ azure: options.azure, model, unit: u, subscription, clock: options.clock, pollMs: options.pollMs });
  return runSteps(steps, { unit: u.name, cloud: 'azure', target: subscription.id, execute, ledger, actor, log: options.log });
}

function nothingLive(unit: string, cloud: string, execute: boolean, detail: string): RunReport {
  return { unit, cloud, execute, steps: [{ step: 'locate', title: 'Find the live resource', status: 'done', detail, actions: [] }], complete: true, queued: false };
}

async function callerIdentity(options: DecommissionOptions, cloud: string | undefined): Promise<string> {
  try {
    if (cloud === 'aws' && options.aws) return (await options.aws.callerArn()) ?? localActor();
    if (cloud === 'azure' && options.azure) return (await options.azure.principal()) ?? localActor();
  } catch (e) {
    options.log?.(`caller identity unavailable (${(e as Error).message}); recording the OS user`);
  }
  return localActor();
}
