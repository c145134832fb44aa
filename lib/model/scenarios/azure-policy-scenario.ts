/**
 * Azure Policy scenarios: data beside each policy (`policies/azure/<name>.scenarios.yaml` next to
 * `<name>.policy.json`) saying which effect a request must meet where the hierarchy places it.
 * Every deny has its allow side too (the ordinary write the rule must not block). The test suite
 * evaluates the definitions as synthesized in the tenant stack against these.
 */
import { z } from 'zod';
import { API_VERSION } from '../schema';

export const SCENARIO_OUTCOMES = ['Deny', 'DenyAction', 'DeployIfNotExists', 'AuditIfNotExists', 'Modify', 'Append', 'Audit', 'None'] as const;

const resourceSchema = z.strictObject({
  type: z.string().regex(/^[A-Za-z]+\.[A-Za-z]+(\/[A-Za-z]+)+$/, 'must be a full resource type, e.g. Microsoft.Storage/storageAccounts'),
  name: z.string().min(1).describe('Child resources name their parents first: app1/web.'),
  location: z.string().optional(),
  kind: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  identity: z.record(z.string(), z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  resourceGroup: z.string().optional().describe('Resource group of the resource. Default: rg-workload.'),
});

export const azurePolicyScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('AzurePolicyScenarios'),
  policy: z.string().regex(/^[a-z][a-z0-9-]*$/).describe('The policy file stem this file sits beside: <policy>.policy.json.'),
  scenarios: z
    .array(
      z.strictObject({
        name: z.string().min(3),
        at: z
          .string()
          .describe("Hierarchy node the request's subscription sits under: organization, <env>, <env>/<Kind>, quarantine."),
        operation: z.enum(['PUT', 'DELETE']).optional().describe('Default: PUT (create or update).'),
        request: resourceSchema.describe(
          'The resource as the request carries it. Strings may use {{subscription}} (the requesting subscription id), {{pop-private-link-service}} (a PoP Private Link Service id as the organization publishes it) and {{central-workspace}} (the Central Log Analytics workspace id).',
        ),
        related: z.array(resourceSchema).optional().describe('Resources that already exist, for auditIfNotExists / deployIfNotExists.'),
        expect: z.enum(SCENARIO_OUTCOMES).describe('The effect Azure Policy applies; None when it lets the request through.'),
        why: z.string().optional(),
      }),
    )
    .min(2),
});
export type AzurePolicyScenarioFile = z.infer<typeof azurePolicyScenarioSchema>;
export type AzurePolicyScenario = AzurePolicyScenarioFile['scenarios'][number];
