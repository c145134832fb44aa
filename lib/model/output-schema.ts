/**
 * The CLI's `--format json` output, declared once: every document is `{ apiVersion, kind, … }`,
 * and `vend schema` writes this as schema/output.schema.json for pipelines that parse vend's output.
 * Nested records are open (extra fields allowed) so additions are not breaking; the envelope and
 * the fields pipelines rely on are required.
 */
import { z } from 'zod';
import { inventorySchema } from './inventory';
import { API_VERSION, CLOUDS } from './schema';

const apiVersion = z.literal(API_VERSION);
const kind = <K extends string>(name: K) => z.literal(name);
const cloud = z.enum(CLOUDS);

const diagnostic = z.looseObject({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().min(0),
  path: z.string(),
  message: z.string(),
});

const validation = z.strictObject({ apiVersion, kind: kind('Validation'), valid: z.boolean(), diagnostics: z.array(diagnostic) });

const plan = z.looseObject({
  apiVersion,
  kind: kind('Plan'),
  organization: z.string(),
  summary: z.record(z.string(), z.number().int()),
  hierarchy: z.array(z.looseObject({ cloud, node: z.string(), action: z.string() })),
  units: z.array(z.looseObject({ cloud, unit: z.string(), kind: z.string(), environment: z.string(), action: z.string(), detail: z.string() })),
  guardrails: z.array(z.looseObject({ cloud, target: z.string(), policy: z.string(), action: z.enum(['attach', 'detach']) })),
  notes: z.array(z.string()),
});

const synthesis = z.strictObject({
  apiVersion,
  kind: kind('Synthesis'),
  assemblies: z.array(z.strictObject({ cloud, outdir: z.string(), stacks: z.array(z.string()) })),
});

const liveIdentity = z.looseObject({ id: z.string(), name: z.string(), email: z.string().optional(), path: z.string() });
const drift = z.strictObject({
  apiVersion,
  kind: kind('Drift'),
  inSync: z.boolean(),
  clouds: z.array(cloud),
  notRead: z.array(cloud),
  takenAt: z.string().optional(),
  count: z.number().int().min(0),
  findings: z.array(
    z.looseObject({ kind: z.string(), cloud, unit: z.string().optional(), resource: z.string(), live: liveIdentity.optional(), message: z.string() }),
  ),
});

const decommission = z.looseObject({
  apiVersion,
  kind: kind('Decommission'),
  unit: z.string(),
  cloud: z.string(),
  execute: z.boolean(),
  steps: z.array(z.looseObject({ step: z.string(), title: z.string(), status: z.string(), detail: z.string() })),
  complete: z.boolean(),
  queued: z.boolean(),
  error: z.string().optional(),
});

const bootstrap = z.strictObject({
  apiVersion,
  kind: kind('Bootstrap'),
  dryRun: z.boolean(),
  account: z.string(),
  region: z.string(),
  steps: z.array(
    z.strictObject({
      id: z.string(),
      description: z.string(),
      why: z.string(),
      where: z.string(),
      status: z.enum(['done', 'applied', 'would-apply', 'blocked', 'failed', 'skipped']),
      detail: z.string().optional(),
    }),
  ),
});

const azureBootstrap = z.strictObject({
  apiVersion,
  kind: kind('AzureBootstrap'),
  dryRun: z.boolean(),
  plan: z.looseObject({ unit: z.string(), alias: z.string() }),
  subscriptionId: z.string().optional(),
  steps: z.array(z.looseObject({})).optional(),
  environment: z.record(z.string(), z.string()).optional(),
});

const auditVerification = z.strictObject({
  apiVersion,
  kind: kind('AuditVerification'),
  ledger: z.string(),
  intact: z.boolean(),
  entries: z.number().int().min(0),
  problems: z.array(z.string()),
});

const filesWritten = z.strictObject({ apiVersion, kind: kind('FilesWritten'), files: z.array(z.string()) });
const generatedCatalog = z.strictObject({ apiVersion, kind: kind('GeneratedCatalog'), directory: z.string(), units: z.number().int() });

const newUnit = z.strictObject({ apiVersion, kind: kind('NewUnit'), file: z.string(), written: z.boolean(), content: z.string() });

const adoption = z.strictObject({
  apiVersion,
  kind: kind('Adoption'),
  executed: z.boolean(),
  accounts: z.array(z.looseObject({ account: z.looseObject({ id: z.string(), name: z.string(), email: z.string() }), unit: z.string(), tags: z.record(z.string(), z.string()), moveTo: z.string().optional() })),
});

const error = z.strictObject({
  apiVersion,
  kind: kind('Error'),
  exitCode: z.number().int().min(1).max(5),
  error: z.strictObject({ code: z.string(), message: z.string() }),
  diagnostics: z.array(diagnostic).optional(),
});

export const outputSchema = z
  .discriminatedUnion('kind', [validation, plan, synthesis, inventorySchema, drift, decommission, bootstrap, azureBootstrap, auditVerification, filesWritten, generatedCatalog, newUnit, adoption, error])
  .describe('A document vend prints under --format json.');
