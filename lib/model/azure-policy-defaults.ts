/**
 * Azure Policy parameters vend fills in itself, as data (`policies/azure/policy-default-values.json`),
 * after the Azure Landing Zones library's `alz_policy_default_values.json`: each named default says
 * where its value comes from (one of a few sources the realization knows how to compute from the
 * catalog) and which definition parameter it feeds, with that parameter's declaration. Adding a
 * policy that needs an already known value is a data change; only a new kind of source is code.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from './diagnostic';
import { displayPath, packageRoot } from './package-paths';
import { checkSchema } from './schema-check';
import { SourceFile } from './source-file';

/** Where a default's value comes from. */
export const POLICY_VALUE_SOURCES = {
  'organization.locations': "organization.yaml azure.locations",
  'central.logAnalyticsWorkspaceId': "the active Azure Central unit's Log Analytics workspace id",
  'pops.privateLinkServiceIds': "every Azure PoP's Private Link Service id",
  'templates.defenderPlanFloor': 'the Defender plans every Azure unit\'s template lists',
} as const;
export type PolicyValueSource = keyof typeof POLICY_VALUE_SOURCES;

const parameterName = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be a policy parameter name');

export const azurePolicyDefaultValuesSchema = z.strictObject({
  $schema: z.string().optional(),
  defaults: z.array(
    z.strictObject({
      name: z.string().regex(/^[a-z][a-z0-9_]*$/).describe('A name for this default, e.g. allowed_locations.'),
      description: z.string(),
      source: z.enum(Object.keys(POLICY_VALUE_SOURCES) as [PolicyValueSource, ...PolicyValueSource[]]),
      fanOut: z
        .boolean()
        .optional()
        .describe('true: the source is a list and the initiative references the definition once per element, passing one element.'),
      parameter: z.strictObject({
        name: parameterName,
        type: z.enum(['String', 'Array']),
        metadata: z.strictObject({ displayName: z.string(), description: z.string().optional(), strongType: z.string().optional() }),
      }),
    }),
  ),
});
export type AzurePolicyDefaultValues = z.infer<typeof azurePolicyDefaultValuesSchema>;
export type AzurePolicyDefault = AzurePolicyDefaultValues['defaults'][number];

export const POLICY_DEFAULT_VALUES_FILE = 'azure/policy-default-values.json';

/** Reads the defaults file of a policies folder; problems are diagnostics with file and line. */
export function readAzurePolicyDefaults(policiesDir: string, diagnostics: Diagnostic[], read: (file: string) => Buffer | undefined): AzurePolicyDefaultValues | undefined {
  const file = path.join(policiesDir, POLICY_DEFAULT_VALUES_FILE);
  const content = read(file);
  if (content === undefined) return undefined;
  const parsed = SourceFile.parse(displayPath(file), content);
  diagnostics.push(...parsed.problems);
  if (parsed.value === undefined) return undefined;
  const checked = checkSchema(azurePolicyDefaultValuesSchema, parsed.value, parsed.source);
  diagnostics.push(...checked.problems);
  const value = checked.value;
  if (!value) return undefined;
  const seen = new Map<string, number>();
  value.defaults.forEach((d, i) => {
    if (seen.has(d.parameter.name)) {
      diagnostics.push(parsed.source.at(['defaults', i, 'parameter', 'name'], 'policy-default-duplicate', `parameter '${d.parameter.name}' is already filled by defaults[${seen.get(d.parameter.name)}]`));
    }
    seen.set(d.parameter.name, i);
  });
  return value;
}

/** The defaults shipped with vend (used when a policies folder has none of its own). */
export function packagedAzurePolicyDefaults(): AzurePolicyDefaultValues {
  const diagnostics: Diagnostic[] = [];
  const value = readAzurePolicyDefaults(path.join(packageRoot(), 'policies'), diagnostics, (f) => readFileSync(f));
  if (!value || diagnostics.length) throw new Error(`vend's own ${POLICY_DEFAULT_VALUES_FILE} is invalid: ${diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('; ')}`);
  return value;
}

/** The default that fills a parameter, if any. */
export function policyDefaultFor(defaults: AzurePolicyDefaultValues, parameter: string): AzurePolicyDefault | undefined {
  return defaults.defaults.find((d) => d.parameter.name === parameter);
}

/** The defaults a catalog uses: its policies folder's own file, else vend's. */
export function azurePolicyDefaultsOf(catalog: { readonly azurePolicyDefaults?: AzurePolicyDefaultValues }): AzurePolicyDefaultValues {
  return catalog.azurePolicyDefaults ?? packagedAzurePolicyDefaults();
}
