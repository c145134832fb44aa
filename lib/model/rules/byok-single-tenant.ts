import { parseAzureKeyUrl } from '../azure-key-url';
import type { Rule } from './rule';

/**
 * Bring-your-own-key belongs to one customer, so only single-tenant Spaces may use it, and the key
 * must live in the unit's own cloud.
 */
export const byokSingleTenant: Rule = (catalog) =>
  catalog.units.flatMap((unit) => {
    const key = unit.spec.encryption?.customerManagedKey;
    if (key === undefined) return [];
    const at = (code: string, message: string) => [unit.source.at(['encryption', 'customerManagedKey'], code, message)];
    if (unit.spec.kind !== 'Space') return at('byok-kind', `customer-managed keys are for Spaces, not a ${unit.spec.kind}`);
    const tenancy = unit.spec.tenancy ?? templateTenancy(catalog, 'Space');
    if (tenancy !== 'single') return at('byok-tenancy', 'customer-managed keys are allowed only on single-tenant Spaces (tenancy: single)');
    const isAwsKey = key.startsWith('arn:aws:kms:');
    if (unit.spec.cloud === 'aws' && !isAwsKey) return at('byok-cloud', 'an AWS Space needs a KMS key ARN');
    if (unit.spec.cloud === 'azure' && !parseAzureKeyUrl(key)) {
      return at('byok-cloud', 'an Azure Space needs a versioned Key Vault or Managed HSM key id (https://<vault>.vault.azure.net/keys/<name>/<version>)');
    }
    return [];
  });

function templateTenancy(catalog: Parameters<Rule>[0], kind: 'Space'): string | undefined {
  for (const t of catalog.templates.values()) if (t.spec.for === kind) return t.spec.defaults?.tenancy;
  return undefined;
}
