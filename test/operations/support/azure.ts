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
