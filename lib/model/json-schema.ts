/**
 * JSON Schemas for the catalog's file kinds, generated from the same zod schemas that validate
 * them, so editors (via yaml-language-server) autocomplete and check exactly what vend accepts.
 */
import { z } from 'zod';
import { azurePolicyDefaultValuesSchema } from './azure-policy-defaults';
import { inventorySchema } from './inventory';
import { outputSchema } from './output-schema';
import { awsScenariosSchema } from './scenarios/aws-scenarios';
import { azurePolicyScenarioSchema } from './scenarios/azure-policy-scenario';
import { controlSchema, organizationSchema, templateSchema, unitSchema } from './schema';

const KINDS = {
  organization: organizationSchema,
  unit: unitSchema,
  template: templateSchema,
  control: controlSchema,
  inventory: inventorySchema,
  output: outputSchema,
  'aws-scenarios': awsScenariosSchema,
  'azure-policy-scenario': azurePolicyScenarioSchema,
  'azure-policy-default-values': azurePolicyDefaultValuesSchema,
} as const;

export function jsonSchemas(): Record<keyof typeof KINDS, object> {
  const out = {} as Record<keyof typeof KINDS, object>;
  for (const [name, schema] of Object.entries(KINDS) as Array<[keyof typeof KINDS, z.ZodType]>) {
    out[name] = { ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), title: `vend ${name}` };
  }
  return out;
}
