/** `vend inventory`: reads the clouds asked for into one snapshot in the format `vend plan` reads. */
import { API_VERSION, inventorySchema, type Cloud, type Inventory } from '../model';
import { readAwsInventory } from './aws/inventory';
import type { AwsClients } from './aws/clients';
import type { AzureClients } from './azure/clients';
import { readAzureInventory } from './azure/inventory';

export interface InventoryOptions {
  readonly clouds: readonly Cloud[];
  readonly aws?: AwsClients;
  readonly azure?: AzureClients;
  /** Earlier snapshot: tags of unchanged accounts / subscriptions are reused from it. */
  readonly previous?: Inventory;
  /** @default 'changed' */
  readonly tags?: 'changed' | 'all';
  readonly now?: Date;
}

export async function readInventory(options: InventoryOptions): Promise<Inventory> {
  const [aws, azure] = await Promise.all([
    options.clouds.includes('aws') ? readAwsInventory(need(options.aws, 'AWS'), { previous: options.previous, tags: options.tags }) : undefined,
    options.clouds.includes('azure') ? readAzureInventory(need(options.azure, 'Azure'), { previous: options.previous, tags: options.tags }) : undefined,
  ]);
  // Validate before anyone writes it: the snapshot is a contract with `vend plan`.
  return inventorySchema.parse(inventoryDocument({ ...(aws ? { aws } : {}), ...(azure ? { azure } : {}) }, options.now));
}

function need<T>(value: T | undefined, what: string): T {
  if (!value) throw new Error(`no ${what} clients configured`);
  return value;
}

export function inventoryDocument(parts: Pick<Inventory, 'aws' | 'azure'>, takenAt = new Date()): Inventory {
  return { apiVersion: API_VERSION, kind: 'Inventory', takenAt: takenAt.toISOString(), ...parts };
}
