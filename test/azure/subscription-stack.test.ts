/**
 * Subscription stacks on the bundled catalog: each unit's baseline, stamped from its template.
 */
import { DiskEncryptionSet } from '@cdktf/provider-azurerm/lib/disk-encryption-set';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PrivateLinkService } from '@cdktf/provider-azurerm/lib/private-link-service';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { SecurityCenterContact } from '@cdktf/provider-azurerm/lib/security-center-contact';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { VirtualNetworkPeering } from '@cdktf/provider-azurerm/lib/virtual-network-peering';
import { BUILT_IN_ROLES, keyVaultName, stableGuid, TENANT_STACK } from '../../lib/azure';
import { awsLogDeliveryTrust } from '../../lib/model';
import { Testing } from '../../lib/azure/cdktf';
import { bundledModel, only, resources, synth, synthWithOwner, type Synthesized } from './support/synth';

Testing.setupJest();

let out: Synthesized;
beforeAll(() => {
  out = synth(bundledModel());
});
afterAll(() => out?.cleanup());

const text = (stack: string) => out.text.get(stack)!;
const doc = (stack: string) => out.json.get(stack)!;
const ZERO = '00000000-0000-0000-0000-000000000000';
/** A keyed tenant-output read, with the stand-in a plan of a new unit uses (tenant-outputs.ts). */
const tenantOut = (output: string, key: string, standIn = ZERO) => `\${try(data.terraform_remote_state.tenant.outputs.${output}["${key}"], "${standIn}")}`;
const plsStandIn = (pop: string) => `/subscriptions/${ZERO}/resourceGroups/rg-vend-${pop}/providers/Microsoft.Network/privateLinkServices/pls-vend-pop`;
const AZURE_UNITS = ['central-azure-prod', 'control-plane-azure-prod', 'pop-we-dev', 'pop-we-prod', 'space-we-contoso-prod', 'space-we-shared-dev'];

describe('stacks and state', () => {
  test('one stack per Azure unit, named after it, after the tenant stack', () => {
    expect(out.stacks).toEqual([TENANT_STACK, 'central-azure-prod', 'control-plane-azure-prod', 'pop-we-dev', 'pop-we-prod', 'space-we-contoso-prod', 'space-we-shared-dev']);
  });

  test('each stack keeps its own state', () => {
    const paths = out.stacks.map((s) => (doc(s).terraform as { backend: { local: { path: string } } }).backend.local.path);
    expect(new Set(paths).size).toBe(out.stacks.length);
  });

  test('the provider is bound to the unit\'s subscription through the tenant stack\'s outputs', () => {
    expect(text('space-we-shared-dev')).toHaveProviderWithProperties(AzurermProvider, {
      subscription_id: tenantOut('subscription_ids', 'space-we-shared-dev'),
      use_oidc: true,
      tenant_id: '00000000-0000-4000-8000-000000000001',
    });
    const remote = doc('space-we-shared-dev').data!.terraform_remote_state.tenant as { backend: string; config: unknown; defaults: Record<string, unknown> };
    expect(remote).toMatchObject({ backend: 'local', config: { path: `../../state/${TENANT_STACK}.tfstate` } });
    // A tenant never applied (a plan of a fresh tenant) still yields every output the stack reads.
    expect(Object.keys(remote.defaults).sort()).toEqual(['eventhub_authorization_rule_id', 'eventhub_name', 'group_object_ids', 'log_analytics_workspace_id', 'pop_private_link_service_ids', 'subscription_ids']);
  });

  test('the manifest orders Spaces after their PoP and everything after the tenant and Central', () => {
    expect(out.manifest.stacks['space-we-contoso-prod'].dependencies).toEqual([TENANT_STACK, 'central-azure-prod', 'pop-we-prod']);
    expect(out.manifest.stacks['central-azure-prod'].dependencies).toEqual([TENANT_STACK]);
  });

  test('the manifest lists stacks in an order that applies every dependency first', () => {
    const order = Object.keys(out.manifest.stacks);
    expect(order).toEqual(out.stacks);
    for (const [stack, entry] of Object.entries(out.manifest.stacks)) {
      for (const dep of entry.dependencies) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(stack));
    }
  });

  test('the azurerm backend keys state by stack and authenticates with OIDC, no keys', () => {
    const remote = synth(bundledModel(), { kind: 'azurerm', storageAccountName: 'stvendstate', containerName: 'tfstate' });
    try {
      const tf = remote.json.get('space-we-shared-dev')!;
      expect((tf.terraform as { backend: unknown }).backend).toEqual({
        azurerm: { storage_account_name: 'stvendstate', container_name: 'tfstate', key: 'space-we-shared-dev.tfstate', use_oidc: true, use_azuread_auth: true },
      });
      expect(tf.data!.terraform_remote_state.tenant).toMatchObject({
        backend: 'azurerm',
        config: { storage_account_name: 'stvendstate', container_name: 'tfstate', key: `${TENANT_STACK}.tfstate`, use_oidc: true, use_azuread_auth: true },
      });
    } finally {
      remote.cleanup();
    }
  });
});

describe('Key Vault', () => {
  test.each(AZURE_UNITS)('%s: RBAC, purge protection, soft delete, no public network access', (unit) => {
    expect(text(unit)).toHaveResourceWithProperties(KeyVault, {
      name: keyVaultName(out.model.unit(unit)!),
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
      network_acls: { bypass: 'AzureServices', default_action: 'Deny' },
    });
    const [vault] = only(resources(doc(unit), 'azurerm_key_vault'), 'vault');
    expect(text(unit)).toHaveResourceWithProperties(PrivateEndpoint, {
      private_service_connection: expect.objectContaining({ private_connection_resource_id: `\${azurerm_key_vault.${vault}.id}`, subresource_names: ['vault'] }),
    });
  });

  test('vault names fit Key Vault\'s 24-character global names', () => {
    for (const unit of out.model.units.filter((u) => u.cloud === 'azure')) expect(keyVaultName(unit)).toMatch(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/);
  });

  test('multi-tenant units get their own HSM data key, rotated, bound to a disk encryption set through ARM', () => {
    expect(text('space-we-shared-dev')).toHaveResourceWithProperties(ResourceGroupTemplateDeployment, { name: 'vend-data-key' });
    const deployments = new Map(resources(doc('space-we-shared-dev'), 'azurerm_resource_group_template_deployment').map(([name, d]) => [d.name, { name, d }]));
    const key = JSON.parse(deployments.get('vend-data-key')!.d.template_content as string).resources[0];
    expect(key.properties.kty).toBe('RSA-HSM');
    expect(key.properties.rotationPolicy.lifetimeActions).toContainEqual({ trigger: { timeAfterCreate: 'P180D' }, action: { type: 'rotate' } });
    const des = deployments.get('vend-disk-encryption-set')!.d;
    expect(JSON.parse(des.template_content as string).resources[0].type).toBe('Microsoft.Compute/diskEncryptionSets');
    // The versioned key URI comes from the key's deployment; the set follows new versions itself.
    expect(des.parameters_content).toContain(`jsondecode(azurerm_resource_group_template_deployment.${deployments.get('vend-data-key')!.name}.output_content)`);
    const params = des.parameters_content as string;
    expect(params).toContain('.output_content).keyUriWithVersion.value}');
    expect(params).toContain('"rotateToLatest":{"value":true}');
    expect(des.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\./)]);
  });

  test('single-tenant Spaces use the customer\'s key (BYOK) through a federated multi-tenant application', () => {
    const key = 'https://contoso-byok.vault.azure.net/keys/space-data/0123456789abcdef0123456789abcdef';
    const deployments = resources(doc('space-we-contoso-prod'), 'azurerm_resource_group_template_deployment').map(([, d]) => d);
    expect(deployments.map((d) => d.name)).toEqual(['vend-disk-encryption-set']);
    const [app] = only(resources(doc('space-we-contoso-prod'), 'azuread_application_registration'), 'key access application');
    expect(deployments[0].parameters_content).toContain(`"activeKey":{"value":{"keyUrl":"${key}"}}`);
    expect(deployments[0].parameters_content).toContain(`"federatedClientId":{"value":"\${azuread_application_registration.${app}.client_id}"}`);
    const [, credential] = only(resources(doc('space-we-contoso-prod'), 'azuread_application_federated_identity_credential'), 'federated credential');
    expect(credential).toMatchObject({
      issuer: 'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001/v2.0',
      audiences: ['api://AzureADTokenExchange'],
      subject: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.KeyVault_EncryptionIdentity_\w+\.principal_id\}$/),
    });
    expect(doc('space-we-contoso-prod').output!.data_key_id.value).toBe(key);
    expect(doc('space-we-contoso-prod').output!.key_access_application_client_id.value).toBe(`\${azuread_application_registration.${app}.client_id}`);
  });

  test('no unit declares azurerm\'s disk encryption set, which reads the key over the data plane', () => {
    for (const unit of AZURE_UNITS) expect(text(unit)).not.toHaveResource(DiskEncryptionSet);
  });
});

describe('Defender for Cloud', () => {
  test.each(AZURE_UNITS)('%s: every plan of its template is Standard, one after another', (unit) => {
    const plans = out.model.unit(unit)!.baseline.defenderPlans!;
    const pricings = resources(doc(unit), 'azurerm_security_center_subscription_pricing');
    expect(pricings.map(([, p]) => p.resource_type).sort()).toEqual([...plans].sort());
    for (const [, p] of pricings) expect(p.tier).toBe('Standard');
    expect(pricings.filter(([, p]) => !p.depends_on)).toHaveLength(1);
    expect(text(unit)).toHaveResourceWithProperties(SecurityCenterContact, { email: 'security@acme.example', alert_notifications: true });
  });

  test('Spaces get the Containers plan, Central does not', () => {
    expect(text('space-we-shared-dev')).toHaveResourceWithProperties(SecurityCenterSubscriptionPricing, { resource_type: 'Containers' });
    expect(text('central-azure-prod')).not.toHaveResourceWithProperties(SecurityCenterSubscriptionPricing, { resource_type: 'Containers' });
  });
});

describe('log forwarding', () => {
  test.each(AZURE_UNITS.filter((u) => u !== 'central-azure-prod'))('%s: activity log, Key Vault and VNet logs go to the Central workspace and Event Hub', (unit) => {
    const sink = {
      log_analytics_workspace_id: '${data.terraform_remote_state.tenant.outputs.log_analytics_workspace_id}',
      eventhub_authorization_rule_id: '${data.terraform_remote_state.tenant.outputs.eventhub_authorization_rule_id}',
      eventhub_name: '${data.terraform_remote_state.tenant.outputs.eventhub_name}',
    };
    expect(text(unit)).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      ...sink,
      name: 'vend-activity-log',
      target_resource_id: `/subscriptions/${tenantOut('subscription_ids', unit)}`,
      enabled_log: expect.arrayContaining([{ category: 'Administrative' }, { category: 'Security' }, { category: 'Policy' }]),
    });
    const targets = resources(doc(unit), 'azurerm_monitor_diagnostic_setting').map(([, d]) => String(d.target_resource_id));
    expect(targets.some((t) => t.startsWith('${azurerm_key_vault.'))).toBe(true);
    expect(targets.some((t) => t.startsWith('${azurerm_virtual_network.'))).toBe(true);
  });

  test('Central hosts the workspace and Event Hub and forwards to them directly', () => {
    expect(text('central-azure-prod')).toHaveResourceWithProperties(LogAnalyticsWorkspace, { name: 'log-vend-security', retention_in_days: 365 });
    const activity = resources(doc('central-azure-prod'), 'azurerm_monitor_diagnostic_setting').find(([, d]) => d.name === 'vend-activity-log')![1];
    expect(activity.log_analytics_workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\./);
  });
});

describe('flow logs', () => {
  test.each(AZURE_UNITS)('%s: the VNet\'s flows go to a storage account that meets the storage guardrails', (unit) => {
    const [vnet] = only(resources(doc(unit), 'azurerm_virtual_network'), 'vnet');
    const [watcher] = only(resources(doc(unit), 'azurerm_network_watcher'), 'network watcher');
    const [storage] = only(resources(doc(unit), 'azurerm_storage_account'), 'storage account');
    expect(text(unit)).toHaveResourceWithProperties(NetworkWatcherFlowLog, {
      target_resource_id: `\${azurerm_virtual_network.${vnet}.id}`,
      storage_account_id: `\${azurerm_storage_account.${storage}.id}`,
      network_watcher_name: `\${azurerm_network_watcher.${watcher}.name}`,
      enabled: true,
      version: 2,
    });
    expect(text(unit)).toHaveResourceWithProperties(StorageAccount, {
      https_traffic_only_enabled: true,
      min_tls_version: 'TLS1_2',
      allow_nested_items_to_be_public: false,
      public_network_access_enabled: false,
      network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
    });
    // Created before the VNet, so Azure does not create its own watcher elsewhere.
    expect(doc(unit).resource!.azurerm_virtual_network[vnet].depends_on).toEqual([`azurerm_network_watcher.${watcher}`]);
  });
});

describe('network', () => {
  test('a PoP\'s Private Link Service auto-approves and is visible to exactly its Spaces\' subscriptions', () => {
    const spaces = [tenantOut('subscription_ids', 'space-we-contoso-prod')];
    expect(text('pop-we-prod')).toHaveResourceWithProperties(PrivateLinkService, { auto_approval_subscription_ids: spaces, visibility_subscription_ids: spaces });
    const dev = [tenantOut('subscription_ids', 'space-we-shared-dev')];
    expect(text('pop-we-dev')).toHaveResourceWithProperties(PrivateLinkService, { auto_approval_subscription_ids: dev, visibility_subscription_ids: dev });
  });

  test('a Space reaches its PoP through a private endpoint to the PoP\'s Private Link Service', () => {
    expect(text('space-we-contoso-prod')).toHaveResourceWithProperties(PrivateEndpoint, {
      private_service_connection: {
        name: 'space-we-contoso-prod-to-pop-we-prod',
        private_connection_resource_id: tenantOut('pop_private_link_service_ids', 'pop-we-prod', plsStandIn('pop-we-prod')),
        is_manual_connection: false,
      },
    });
  });

  test.each(AZURE_UNITS)('%s: no peering; every subnet is private and has its own NSG, declared with its VNet', (unit) => {
    expect(text(unit)).not.toHaveResource(VirtualNetworkPeering);
    expect(doc(unit).resource!.azurerm_subnet).toBeUndefined();
    const [, vnet] = only(resources(doc(unit), 'azurerm_virtual_network'), 'vnet');
    const subnets = vnet.subnet as Array<Record<string, unknown>>;
    expect(subnets.length).toBeGreaterThan(0);
    const nsgs = resources(doc(unit), 'azurerm_network_security_group').map(([name]) => `\${azurerm_network_security_group.${name}.id}`);
    for (const subnet of subnets) {
      expect(subnet.default_outbound_access_enabled).toBe(false);
      expect(nsgs).toContain(subnet.security_group);
    }
    expect(new Set(subnets.map((s) => s.security_group)).size).toBe(subnets.length);
  });
});

describe('access', () => {
  test('admins are PIM eligible at subscription scope, never permanent', () => {
    expect(text('space-we-contoso-prod')).toHaveResourceWithProperties(PimEligibleRoleAssignment, {
      scope: `/subscriptions/${tenantOut('subscription_ids', 'space-we-contoso-prod')}`,
      principal_id: tenantOut('group_object_ids', 'space-admins'),
      role_definition_id: `/subscriptions/${tenantOut('subscription_ids', 'space-we-contoso-prod')}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.Contributor}`,
    });
  });

  test('contributors get the vend workload contributor role permanently', () => {
    expect(text('space-we-contoso-prod')).toHaveResourceWithProperties(RoleAssignment, {
      principal_id: tenantOut('group_object_ids', 'space-operators'),
      principal_type: 'Group',
      role_definition_id: `/subscriptions/${tenantOut('subscription_ids', 'space-we-contoso-prod')}/providers/Microsoft.Authorization/roleDefinitions/${stableGuid('acme/workload-contributor')}`,
    });
  });

  test.each(AZURE_UNITS.filter((u) => u !== 'space-we-shared-dev'))('%s: admin entries are PIM eligible under vend\'s PIM policy, never permanent', (unit) => {
    const admins = out.model.unit(unit)!.access.filter((a) => a.role === 'admin');
    expect(admins.length).toBeGreaterThan(0);
    const permanentPrincipals = resources(doc(unit), 'azurerm_role_assignment').map(([, r]) => r.principal_id);
    for (const entry of admins) expect(permanentPrincipals).not.toContain(tenantOut('group_object_ids', entry.group));
    const eligible = resources(doc(unit), 'azurerm_pim_eligible_role_assignment');
    expect(eligible).toHaveLength(admins.length);
    const [policy] = only(resources(doc(unit), 'azurerm_role_management_policy'), 'PIM policy');
    for (const [, e] of eligible) expect(e.depends_on).toEqual([`azurerm_role_management_policy.${policy}`]);
  });

  test('the PIM policy needs MFA and a justification, allows 8 hours and accepts eligibilities without an end', () => {
    const [, policy] = only(resources(doc('space-we-contoso-prod'), 'azurerm_role_management_policy'), 'PIM policy');
    expect(policy).toMatchObject({
      scope: `/subscriptions/${tenantOut('subscription_ids', 'space-we-contoso-prod')}`,
      role_definition_id: `/subscriptions/${tenantOut('subscription_ids', 'space-we-contoso-prod')}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.Contributor}`,
      activation_rules: { maximum_duration: 'PT8H', require_justification: true, require_multifactor_authentication: true },
      eligible_assignment_rules: { expiration_required: false },
    });
  });
});

describe('access of a unit owner', () => {
  let owned: Synthesized;
  beforeAll(() => {
    owned = synthWithOwner('space-we-shared-dev', 'space-owners');
  });
  afterAll(() => owned?.cleanup());
  const ownedDoc = () => owned.json.get('space-we-shared-dev')!;

  test('the fixture really has an Azure owner entry', () => {
    expect(owned.model.unit('space-we-shared-dev')!.access).toContainEqual({ group: 'space-owners', role: 'owner' });
  });

  test('is never Owner: Contributor and a constrained RBAC administrator, both PIM eligible', () => {
    const all = JSON.stringify(ownedDoc().resource);
    expect(all).not.toContain(BUILT_IN_ROLES.Owner);
    const owner = tenantOut('group_object_ids', 'space-owners');
    expect(resources(ownedDoc(), 'azurerm_role_assignment').map(([, r]) => r.principal_id)).not.toContain(owner);
    const eligible = resources(ownedDoc(), 'azurerm_pim_eligible_role_assignment').filter(([, e]) => e.principal_id === owner).map(([, e]) => e);
    const roles = eligible.map((e) => String(e.role_definition_id).split('/').pop()).sort();
    expect(roles).toEqual([BUILT_IN_ROLES.RoleBasedAccessControlAdministrator, BUILT_IN_ROLES.Contributor].sort());
    const rbac = eligible.find((e) => String(e.role_definition_id).endsWith(BUILT_IN_ROLES.RoleBasedAccessControlAdministrator))!;
    expect(rbac.condition_version).toBe('2.0');
    // May grant and remove only the roles units hand out permanently: Reader and workload contributor.
    for (const guid of [BUILT_IN_ROLES.Reader, stableGuid('acme/workload-contributor')]) expect(rbac.condition).toContain(guid);
    expect(rbac.condition).not.toContain(BUILT_IN_ROLES.Contributor);
    expect(rbac.condition).toContain("ActionMatches{'Microsoft.Authorization/roleAssignments/write'}");
    expect(rbac.condition).toContain("ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}");
  });

  test('each privileged role gets its own PIM policy at the subscription', () => {
    const policies = resources(ownedDoc(), 'azurerm_role_management_policy').map(([, p]) => String(p.role_definition_id).split('/').pop()).sort();
    expect(policies).toEqual([BUILT_IN_ROLES.RoleBasedAccessControlAdministrator, BUILT_IN_ROLES.Contributor].sort());
  });
});

describe('cross-cloud log delivery to AWS', () => {
  test('every Azure Space has the managed identity AWS trusts, and publishes its principal id', () => {
    for (const space of ['space-we-contoso-prod', 'space-we-shared-dev']) {
      const trust = awsLogDeliveryTrust(out.model, { name: space });
      expect(text(space)).toHaveResourceWithProperties(UserAssignedIdentity, { name: trust.identityName });
      expect(doc(space).output![trust.principalIdOutput].value).toMatch(/^\$\{azurerm_user_assigned_identity\.\w+\.principal_id\}$/);
      expect(doc(space).output!.aws_log_delivery_audience.value).toBe('api://00000000-0000-4000-8000-000000000001/vend-acme-aws-log-delivery');
    }
  });

  test('the trust contract names the v1 Entra issuer, the audience and a prefix per Space', () => {
    expect(awsLogDeliveryTrust(out.model, { name: 'space-we-shared-dev' })).toEqual({
      issuer: 'https://sts.windows.net/00000000-0000-4000-8000-000000000001/',
      issuerHost: 'sts.windows.net/00000000-0000-4000-8000-000000000001/',
      audience: 'api://00000000-0000-4000-8000-000000000001/vend-acme-aws-log-delivery',
      identityName: 'id-space-we-shared-dev-aws-log-delivery',
      awsRoleName: 'vend-space-we-shared-dev-log-delivery',
      dataLakePrefix: 'azure/space-we-shared-dev/',
      principalIdOutput: 'aws_log_delivery_principal_id',
    });
  });

  test('PoPs and platform units have no AWS delivery identity', () => {
    for (const unit of ['pop-we-prod', 'central-azure-prod']) expect(doc(unit).output!.aws_log_delivery_principal_id).toBeUndefined();
  });

  test('the tenant stack registers the audience application once', () => {
    const tenant = out.json.get(TENANT_STACK)!;
    expect(Object.values(tenant.resource!.azuread_application_identifier_uri).map((u) => u.identifier_uri)).toEqual(['api://00000000-0000-4000-8000-000000000001/vend-acme-aws-log-delivery']);
  });
});
