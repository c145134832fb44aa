/**
 * What a first apply on a real tenant needs from every synthesized stack, checked structurally on
 * the bundled catalog and on a generated one (the reasons, with provider source lines, are in
 * lib/azure/provider.ts, baseline/key-vault.ts, tenant/subscriptions.ts and roles.ts):
 *  - every unit provider has the storage data-plane check off and registers only named providers;
 *  - nothing reads a private vault over the Key Vault data plane from the runner;
 *  - identifier URIs have a form Entra's default app-management policy accepts;
 *  - subscriptions are born in their management group and never detached from it;
 *  - role definition ids have the form ARM reports back for their scope.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TENANT_STACK } from '../../lib/azure';
import { loadModel, writeGeneratedCatalog } from '../../lib/model';
import { bundledModel, resources, synth, type Synthesized, type TfJson } from './support/synth';

/** azurerm resources that call a data plane (Key Vault, Storage) from wherever Terraform runs. */
const DATA_PLANE_TYPES = [
  'azurerm_key_vault_key',
  'azurerm_key_vault_secret',
  'azurerm_key_vault_certificate',
  'azurerm_key_vault_managed_hardware_security_module_key',
  'azurerm_disk_encryption_set',
  'azurerm_storage_container',
  'azurerm_storage_blob',
  'azurerm_storage_queue',
  'azurerm_storage_share',
  'azurerm_storage_table',
];

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function unitProblems(stack: string, doc: TfJson): string[] {
  const problems: string[] = [];
  const [provider] = doc.provider?.azurerm ?? [];
  const features = (provider?.features as Array<Record<string, Array<Record<string, unknown>>>> | undefined)?.[0];
  if (features?.storage?.[0]?.data_plane_available !== false) problems.push(`${stack}: storage data-plane check is on`);
  if (provider?.resource_provider_registrations !== 'none') problems.push(`${stack}: provider registers the default resource providers`);
  for (const type of DATA_PLANE_TYPES) if (doc.resource?.[type]) problems.push(`${stack}: declares ${type}, which reads a data plane from the runner`);
  for (const [, d] of resources(doc, 'azurerm_resource_group_template_deployment')) {
    const template = JSON.parse(String(d.template_content)) as { resources: Array<{ type: string }> };
    if (template.resources.some((r) => r.type === 'Microsoft.Compute/diskEncryptionSets')) {
      const params = String(d.parameters_content);
      if (!/keyUriWithVersion|keys\/[^/"]+\/[0-9a-f]{32}/.test(params)) problems.push(`${stack}: disk encryption set key URL is not versioned`);
    }
  }
  const audience = doc.output?.aws_log_delivery_audience?.value;
  if (audience !== undefined && !new RegExp(`^api://${GUID}/`).test(String(audience))) problems.push(`${stack}: audience ${audience} is not api://<tenantId>/…`);
  for (const type of ['azurerm_role_assignment', 'azurerm_pim_eligible_role_assignment', 'azurerm_role_management_policy']) {
    for (const [name, r] of resources(doc, type)) {
      const scope = String(r.scope);
      const sub = /^\/subscriptions\/(\$\{[^}]+\}|[^/]+)/.exec(scope)?.[1] ?? /^\$\{azurerm_key_vault\./.test(scope);
      const id = String(r.role_definition_id);
      const expected = new RegExp(`^/subscriptions/${typeof sub === 'string' ? escape(sub) : '.+'}/providers/Microsoft\\.Authorization/roleDefinitions/${GUID}$`);
      if (!sub || !expected.test(id)) problems.push(`${stack}: ${type}.${name} role id ${id} is not the subscription form for scope ${scope}`);
    }
  }
  return problems;
}

function tenantProblems(out: Synthesized): string[] {
  const problems: string[] = [];
  const tenant = out.json.get(TENANT_STACK)!;
  const tenantId = out.model.catalog.organization.spec.azure!.tenantId;
  for (const [, uri] of resources(tenant, 'azuread_application_identifier_uri')) {
    if (!String(uri.identifier_uri).startsWith(`api://${tenantId}/`)) problems.push(`tenant: identifier URI ${uri.identifier_uri} is refused by Entra's app-management policy`);
  }
  for (const type of ['azurerm_subscription', 'azurerm_management_group_subscription_association']) {
    if (tenant.resource?.[type]) problems.push(`tenant: ${type} leaves or detaches subscriptions outside the hierarchy`);
  }
  const mgIds = new Set(resources(tenant, 'azurerm_management_group').map(([name]) => `\${azurerm_management_group.${name}.id}`));
  const aliases = resources(tenant, 'azapi_resource').filter(([, r]) => String(r.type).startsWith('Microsoft.Subscription/aliases@'));
  if (aliases.length !== out.model.units.filter((u) => u.cloud === 'azure').length) problems.push(`tenant: ${aliases.length} subscription aliases`);
  for (const [name, alias] of aliases) {
    const mg = (alias.body as { properties?: { additionalProperties?: { managementGroupId?: string } } }).properties?.additionalProperties?.managementGroupId;
    if (!mg || !mgIds.has(mg)) problems.push(`tenant: alias ${alias.name} is not born in a vend management group`);
    const moves = resources(tenant, 'azapi_resource_action').filter(([, a]) => String(a.resource_id).endsWith(`/subscriptions/\${azapi_resource.${name}.output.properties.subscriptionId}`));
    if (moves.length !== 1 || moves[0][1].method !== 'PUT' || moves[0][1].when !== undefined) problems.push(`tenant: alias ${alias.name} is not placed by one PUT`);
  }
  for (const type of ['azurerm_role_assignment', 'azurerm_pim_eligible_role_assignment']) {
    for (const [name, r] of resources(tenant, type)) {
      if (!new RegExp(`^/providers/Microsoft\\.Authorization/roleDefinitions/${GUID}$`).test(String(r.role_definition_id))) problems.push(`tenant: ${type}.${name} role id ${r.role_definition_id} is not the management-group form`);
    }
  }
  return problems;
}

function problemsOf(out: Synthesized): string[] {
  return [...tenantProblems(out), ...out.stacks.filter((s) => s !== TENANT_STACK).flatMap((s) => unitProblems(s, out.json.get(s)!))];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a first apply on a real tenant', () => {
  let bundled: Synthesized;
  beforeAll(() => {
    bundled = synth(bundledModel());
  });
  afterAll(() => bundled?.cleanup());

  test('every stack of the bundled catalog meets it', () => {
    expect(bundled.stacks.length).toBeGreaterThan(6);
    expect(problemsOf(bundled)).toEqual([]);
  });

  test('every stack of a generated catalog meets it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vend-first-apply-'));
    try {
      writeGeneratedCatalog(dir, { units: 24, cloud: 'azure', spacesPerPop: 5 });
      const out = synth(loadModel({ catalogDir: dir }));
      try {
        expect(problemsOf(out)).toEqual([]);
      } finally {
        out.cleanup();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the checks catch each way of getting it wrong', () => {
    const copy = (stack: string) => JSON.parse(bundled.text.get(stack)!) as TfJson;
    const space = copy('space-we-shared-dev');
    ((space.provider!.azurerm[0].features as Array<Record<string, unknown>>)[0] as Record<string, unknown>).storage = [{ data_plane_available: true }];
    space.resource!.azurerm_disk_encryption_set = { Des: { auto_key_rotation_enabled: true } };
    space.output!.aws_log_delivery_audience = { value: 'api://vend-acme-aws-log-delivery' };
    const [grant] = resources(space, 'azurerm_role_assignment')[0];
    space.resource!.azurerm_role_assignment[grant].role_definition_id = `/providers/Microsoft.Management/managementGroups/acme/providers/Microsoft.Authorization/roleDefinitions/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`;
    expect(unitProblems('space-we-shared-dev', space)).toEqual([
      'space-we-shared-dev: storage data-plane check is on',
      'space-we-shared-dev: declares azurerm_disk_encryption_set, which reads a data plane from the runner',
      'space-we-shared-dev: audience api://vend-acme-aws-log-delivery is not api://<tenantId>/…',
      expect.stringContaining(`azurerm_role_assignment.${grant} role id /providers/Microsoft.Management/`),
    ]);
    const tenant = bundled.json.get(TENANT_STACK)!;
    const saved = JSON.stringify(tenant);
    try {
      tenant.resource!.azurerm_management_group_subscription_association = { Placement: {} };
      const [alias] = resources(tenant, 'azapi_resource')[0];
      (tenant.resource!.azapi_resource[alias].body as { properties: { additionalProperties: Record<string, unknown> } }).properties.additionalProperties = {};
      expect(tenantProblems(bundled)).toEqual(
        expect.arrayContaining([
          'tenant: azurerm_management_group_subscription_association leaves or detaches subscriptions outside the hierarchy',
          expect.stringMatching(/^tenant: alias acme-[a-z-]+ is not born in a vend management group$/),
        ]),
      );
    } finally {
      bundled.json.set(TENANT_STACK, JSON.parse(saved));
    }
  });
});
