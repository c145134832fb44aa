/**
 * Invariants that must hold for any valid catalog, checked on the bundled catalog, on one with a
 * decommissioned Space, and on generated catalogs of random size and shape: every subscription has
 * a protected Key Vault, Defender plans and diagnostic settings, and lands in its management
 * group; no Space can have a public IP; each PoP admits exactly its Spaces.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { TENANT_STACK } from '../../lib/azure';
import { loadModel, writeGeneratedCatalog, type VendModel } from '../../lib/model';
import { BUNDLED_CATALOG, bundledModel, resources, synth, type Synthesized } from './support/synth';

const PUBLIC_IP_TYPES = ['azurerm_public_ip', 'azurerm_public_ip_prefix', 'azurerm_nat_gateway', 'azurerm_virtual_network_peering', 'azurerm_bastion_host'];

/** Every invariant violation in a synthesized catalog, as readable strings. */
function violations(out: Synthesized): string[] {
  const problems: string[] = [];
  const tenant = out.json.get(TENANT_STACK)!;
  const mgRefByName = new Map(resources(tenant, 'azurerm_management_group').map(([logical, mg]) => [mg.name, `\${azurerm_management_group.${logical}.id}`]));
  const units = out.model.units.filter((u) => u.cloud === 'azure');
  for (const unit of units) {
    const doc = out.json.get(unit.name);
    if (!doc) {
      problems.push(`${unit.name}: no stack`);
      continue;
    }
    // A decommissioned unit's stacks only forget what they had (test/azure/decommissioned.test.ts).
    if (unit.lifecycle === 'decommissioned') continue;
    const vaults = resources(doc, 'azurerm_key_vault');
    if (vaults.length !== 1) problems.push(`${unit.name}: ${vaults.length} key vaults`);
    for (const [, v] of vaults) {
      if (v.purge_protection_enabled !== true) problems.push(`${unit.name}: key vault without purge protection`);
      if (v.public_network_access_enabled !== false) problems.push(`${unit.name}: key vault open to public networks`);
      if (v.rbac_authorization_enabled !== true) problems.push(`${unit.name}: key vault without RBAC`);
    }
    const plans = resources(doc, 'azurerm_security_center_subscription_pricing').filter(([, p]) => p.tier === 'Standard').map(([, p]) => p.resource_type);
    if (!plans.length || plans.length !== (unit.baseline.defenderPlans ?? []).length) problems.push(`${unit.name}: Defender plans ${plans.join(',')}`);
    const diagnostics = resources(doc, 'azurerm_monitor_diagnostic_setting');
    if (!diagnostics.some(([, d]) => String(d.target_resource_id).startsWith('/subscriptions/'))) problems.push(`${unit.name}: no activity log diagnostic setting`);
    if (!diagnostics.some(([, d]) => String(d.target_resource_id).startsWith('${azurerm_key_vault.'))) problems.push(`${unit.name}: no Key Vault diagnostic setting`);
    // Placement: the subscription is born in its management group and every move is a PUT there.
    const [aliasLogical, alias] = resources(tenant, 'azapi_resource').find(([, r]) => r.name === unit.identity) ?? [];
    const expected = mgRefByName.get(out.model.hierarchy.node(unit.placement).azure.id);
    const bornIn = (alias?.body as { properties?: { additionalProperties?: { managementGroupId?: string } } } | undefined)?.properties?.additionalProperties?.managementGroupId;
    const placedIn = resources(tenant, 'azapi_resource_action')
      .filter(([, a]) => a.type === 'Microsoft.Management/managementGroups/subscriptions@2021-04-01' && String(a.resource_id).endsWith(`/subscriptions/\${azapi_resource.${aliasLogical}.output.properties.subscriptionId}`))
      .map(([, a]) => String(a.resource_id).split('/subscriptions/')[0]);
    if (!alias || bornIn !== expected || placedIn.length !== 1 || placedIn[0] !== expected) problems.push(`${unit.name}: not placed in ${unit.placement}`);
    if (unit.baseline.logForwarding.flowLogs) {
      const [vnet] = resources(doc, 'azurerm_virtual_network')[0] ?? [];
      if (!resources(doc, 'azurerm_network_watcher_flow_log').some(([, f]) => f.target_resource_id === `\${azurerm_virtual_network.${vnet}.id}` && f.enabled === true)) {
        problems.push(`${unit.name}: no flow log for its VNet`);
      }
      for (const [, st] of resources(doc, 'azurerm_storage_account')) {
        if (st.https_traffic_only_enabled !== true || st.min_tls_version !== 'TLS1_2' || st.allow_nested_items_to_be_public !== false || st.public_network_access_enabled !== false) {
          problems.push(`${unit.name}: storage account breaks the storage guardrails`);
        }
      }
    }
    if (unit.kind === 'Space') {
      for (const type of PUBLIC_IP_TYPES) if (doc.resource?.[type]) problems.push(`${unit.name}: Space has ${type}`);
      if (JSON.stringify(doc.resource).includes('public_ip_address_id')) problems.push(`${unit.name}: Space references a public IP`);
    }
    if (unit.kind === 'PoP') {
      const pls = resources(doc, 'azurerm_private_link_service');
      const spaces = units
        .filter((s) => s.kind === 'Space' && s.lifecycle === 'active' && s.network?.pop === unit.name)
        .map((s) => `\${try(data.terraform_remote_state.tenant.outputs.subscription_ids["${s.name}"], "00000000-0000-0000-0000-000000000000")}`)
        .sort();
      if (pls.length !== 1) problems.push(`${unit.name}: ${pls.length} private link services`);
      for (const [, p] of pls) {
        if (JSON.stringify(p.auto_approval_subscription_ids) !== JSON.stringify(spaces)) problems.push(`${unit.name}: auto-approval is not exactly its Spaces`);
        if (JSON.stringify(p.visibility_subscription_ids) !== JSON.stringify(spaces)) problems.push(`${unit.name}: visibility is not exactly its Spaces`);
      }
    }
  }
  return problems;
}

function withCatalog<T>(prepare: (dir: string) => void, fn: (model: VendModel) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'vend-azure-catalog-'));
  try {
    prepare(dir);
    return fn(loadModel({ catalogDir: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function check(model: VendModel): string[] {
  const out = synth(model);
  try {
    return violations(out);
  } finally {
    out.cleanup();
  }
}

describe('invariants', () => {
  test('hold on the bundled catalog', () => {
    expect(check(bundledModel())).toEqual([]);
  });

  test('a decommissioned Space leaves its PoP, and the active units keep every invariant', () => {
    const problems = withCatalog(
      (dir) => {
        cpSync(BUNDLED_CATALOG, dir, { recursive: true });
        writeFileSync(
          path.join(dir, 'units', 'space-we-old-dev.yaml'),
          ['apiVersion: vend/v1', 'kind: Space', 'name: space-we-old-dev', 'cloud: azure', 'environment: dev', 'region: westeurope', 'owners: [old@acme.example]', 'network: { cidr: 10.241.0.0/22, pop: pop-we-dev }', 'lifecycle: decommissioned', ''].join('\n'),
        );
      },
      (model) => {
        expect(model.unit('space-we-old-dev')!.placement).toBe('quarantine');
        const out = synth(model);
        try {
          expect(resources(out.json.get('space-we-old-dev')!, 'azurerm_private_endpoint')).toEqual([]);
          expect(JSON.stringify(out.json.get('pop-we-dev')!.resource!.azurerm_private_link_service)).not.toContain('space-we-old-dev');
          return violations(out);
        } finally {
          out.cleanup();
        }
      },
    );
    expect(problems).toEqual([]);
  });

  test('hold on generated catalogs of any size and PoP fan-out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 90 }), fc.integer({ min: 1, max: 12 }), (units, spacesPerPop) => {
        const problems = withCatalog((dir) => writeGeneratedCatalog(dir, { units, cloud: 'azure', spacesPerPop }), check);
        expect(problems).toEqual([]);
      }),
      { numRuns: 6, seed: 20261124 },
    );
  });

  test('the checks catch a Space with a public IP, a vault without purge protection and a misplaced subscription', () => {
    const out = synth(bundledModel());
    try {
      const space = out.json.get('space-we-shared-dev')!;
      space.resource!.azurerm_public_ip = { Leak: { name: 'pip' } };
      const [vault] = resources(space, 'azurerm_key_vault')[0];
      space.resource!.azurerm_key_vault[vault].purge_protection_enabled = false;
      const tenant = out.json.get(TENANT_STACK)!;
      const [placement] = resources(tenant, 'azapi_resource_action').find(([, a]) => String(a.resource_id).includes('SpaceWeSharedDev'))!;
      tenant.resource!.azapi_resource_action[placement].resource_id = String(tenant.resource!.azapi_resource_action[placement].resource_id).replace(/^\$\{azurerm_management_group\.\w+\.id\}/, '/providers/Microsoft.Management/managementGroups/acme');
      expect(violations(out)).toEqual(
        expect.arrayContaining(['space-we-shared-dev: Space has azurerm_public_ip', 'space-we-shared-dev: key vault without purge protection', 'space-we-shared-dev: not placed in dev/Space']),
      );
    } finally {
      out.cleanup();
    }
  });
});
