/**
 * How the lifecycle commands reach the clouds, from the environment: AWS through the SDK's default
 * chain and `AWS_ENDPOINT_URL`; Azure through DefaultAzureCredential and `VEND_ARM_ENDPOINT`.
 * For a local ARM test server, `VEND_ARM_CA` names a CA certificate file to trust and
 * `VEND_ARM_TOKEN` a fixed bearer token to send. Both clouds share one gate.
 */
import { readFileSync } from 'node:fs';
import type { Cloud, VendModel } from '../model';
import { AwsClients } from './aws/clients';
import { AzureClients, staticTokenCredential } from './azure/clients';
import { ApiGate, type GateOptions } from './client';

export interface CloudClients {
  readonly gate: ApiGate;
  readonly aws?: AwsClients;
  readonly azure?: AzureClients;
}

export type CloudChoice = Cloud | 'all';

/** The clouds a command covers: `all` means those organization.yaml configures. */
export function cloudsFor(model: VendModel, choice: CloudChoice): Cloud[] {
  const org = model.catalog.organization.spec;
  const configured: Cloud[] = [...(org.aws ? (['aws'] as const) : []), ...(org.azure ? (['azure'] as const) : [])];
  if (choice === 'all') return configured;
  if (!configured.includes(choice)) throw new Error(`organization.yaml has no ${choice} section`);
  return [choice];
}

export function cloudClients(model: VendModel, clouds: readonly Cloud[], options: { log?: (m: string) => void; env?: NodeJS.ProcessEnv } = {}): CloudClients {
  const env = options.env ?? process.env;
  const gateOptions: GateOptions = {
    log: options.log,
    // Local emulators have no published rates; real endpoints get the token buckets.
    unlimited: env.VEND_API_UNLIMITED === '1',
  };
  const gate = new ApiGate(gateOptions);
  const aws = clouds.includes('aws') ? new AwsClients({ gate }) : undefined;
  let azure: AzureClients | undefined;
  if (clouds.includes('azure')) {
    const tenantId = model.catalog.organization.spec.azure?.tenantId;
    if (!tenantId) throw new Error('organization.yaml has no azure.tenantId');
    azure = new AzureClients({
      gate,
      tenantId,
      endpoint: env.VEND_ARM_ENDPOINT,
      credential: env.VEND_ARM_TOKEN ? staticTokenCredential(env.VEND_ARM_TOKEN) : undefined,
      tlsCa: env.VEND_ARM_CA ? readFileSync(env.VEND_ARM_CA, 'utf8') : undefined,
    });
  }
  return { gate, aws, azure };
}
