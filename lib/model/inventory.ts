/**
 * The inventory snapshot: what exists in the clouds, as `vend inventory` writes it and `vend plan`
 * and `vend drift` read it. Live resources map to units through their `vend:unit` tag; hierarchy
 * nodes are identified by AWS OU path (`acme/prod/Spaces`) and Azure management-group id.
 */
import { z } from 'zod';
import { API_VERSION } from './schema';

const tags = z.record(z.string(), z.string());

export const inventorySchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('Inventory'),
  /** ISO-8601 time the snapshot was read; informational, never used for comparisons. */
  takenAt: z.string().optional(),
  aws: z
    .strictObject({
      /** The organization's management account, as the organization reports it (never a unit). */
      managementAccountId: z.string().optional(),
      organizationalUnits: z.array(
        z.strictObject({
          id: z.string(),
          /**
           * Slash path of OU names below the organization root, e.g. `acme/prod/Spaces`; a `/` or
           * `%` inside a name is escaped (ouPathSegment), so every path names one OU.
           */
          path: z.string(),
          /** SCP names attached directly to this OU (FullAWSAccess excluded). */
          policies: z.array(z.string()),
        }),
      ),
      accounts: z.array(
        z.strictObject({
          id: z.string(),
          name: z.string(),
          email: z.string(),
          status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']),
          /** OU path of the account's parent; `` for the organization root. */
          ouPath: z.string(),
          /** Id of the account's parent (`ou-…` or `r-…`): placement is compared by id, not by name. */
          ouId: z.string().optional(),
          tags,
          /** SCP names attached directly to the account (vend attaches none; any is drift). */
          policies: z.array(z.string()).optional(),
        }),
      ),
      /** Baseline stacks / stack instances and their CloudFormation drift status, where readable. */
      stacks: z
        .array(
          z.strictObject({
            name: z.string(),
            account: z.string().optional(),
            unit: z.string().optional(),
            driftStatus: z.enum(['IN_SYNC', 'DRIFTED', 'NOT_CHECKED', 'UNKNOWN']),
          }),
        )
        .optional(),
    })
    .optional(),
  azure: z
    .strictObject({
      managementGroups: z.array(
        z.strictObject({
          id: z.string(),
          parentId: z.string().optional(),
          /** Names of policy assignments at this management group's scope. */
          policyAssignments: z.array(z.string()),
        }),
      ),
      subscriptions: z.array(
        z.strictObject({
          id: z.string(),
          displayName: z.string(),
          alias: z.string().optional(),
          state: z.enum(['Enabled', 'Disabled', 'Warned', 'PastDue', 'Deleted', 'Expired']),
          managementGroupId: z.string(),
          tags,
        }),
      ),
    })
    .optional(),
});

export type Inventory = z.infer<typeof inventorySchema>;
export type AwsInventory = NonNullable<Inventory['aws']>;
export type AzureInventory = NonNullable<Inventory['azure']>;
export type InventoryAccount = AwsInventory['accounts'][number];
export type InventorySubscription = AzureInventory['subscriptions'][number];

/**
 * One OU name as a path segment. AWS allows `/` in OU names, so an OU named `prod/Spaces` under
 * `acme` would otherwise print as `acme/prod/Spaces` and hide an account moved into it; `%` and `/`
 * are percent-escaped, which keeps vend's own names (letters, digits, hyphens) unchanged.
 */
export function ouPathSegment(name: string): string {
  return name.replace(/%/g, '%25').replace(/\//g, '%2F');
}

export function emptyInventory(): Inventory {
  return {
    apiVersion: API_VERSION,
    kind: 'Inventory',
    aws: { organizationalUnits: [], accounts: [] },
    azure: { managementGroups: [], subscriptions: [] },
  };
}
