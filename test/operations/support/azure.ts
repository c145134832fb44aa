import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AzureClients, staticTokenCredential } from '../../../lib/operations/azure/clients';
import { fakeArmToken, TLS_CERT, type ArmServer } from './arm-server';

export const TENANT = '00000000-0000-4000-8000-000000000001';

/** Real SDK clients pointed at the local ARM server, trusting its test certificate. */
export function localAzure(server: Pick<ArmServer, 'url'>): AzureClients {
  return new AzureClients({
    endpoint: server.url,
    tenantId: TENANT,
    credential: staticTokenCredential(fakeArmToken()),
    tlsCa: TLS_CERT,
    gateOptions: { unlimited: true, backoff: { baseMs: 5, capMs: 50 } },
  });
}

/**
 * The environment a vend process (the CLI in this process, or a child) needs to talk to the local
 * ARM server: its endpoint, a static token, and its test certificate, written into `dir`.
 */
export function localArmEnv(server: Pick<ArmServer, 'url'>, dir: string): Record<string, string> {
  const ca = path.join(dir, 'ca.pem');
  writeFileSync(ca, TLS_CERT);
  return { VEND_ARM_ENDPOINT: server.url, VEND_ARM_CA: ca, VEND_ARM_TOKEN: fakeArmToken(), VEND_API_UNLIMITED: '1' };
}
