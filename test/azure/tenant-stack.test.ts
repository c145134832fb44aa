/**
 * The tenant stack on the bundled catalog: management groups, subscriptions, policy, platform
 * roles and the outputs subscription stacks read.
 */
import { ManagementGroup } from '@cdktf/provider-azurerm/lib/management-group';
import { ManagementGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/management-group-policy-assignment';
import { ManagementGroupPolicySetDefinition } from '@cdktf/provider-azurerm/lib/management-group-policy-set-definition';
import { PimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { PolicyDefinition } from '@cdktf/provider-azurerm/lib/policy-definition';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { BUILT_IN_ROLES, TENANT_OUTPUTS, TENANT_STACK } from '../../lib/azure';
import { Testing } from '../../lib/azure/cdktf';
import { policyAssignmentName } from '../../lib/model';
import { bundledModel, resources, synth, type Synthesized, type TfJson } from './support/synth';

Testing.setupJest();

let out: Synthesized;
let text: string;
let doc: TfJson;
beforeAll(() => {
  out = synth(bundledModel());
  text = out.text.get(TENANT_STACK)!;
  doc = out.json.get(TENANT_STACK)!;
});
afterAll(() => out?.cleanup());

const mgRef = (id: string) => {
  const found = resources(doc, 'azurerm_management_group').find(([, mg]) => mg.name === id);
  if (!found) throw new Error(`no management group ${id}`);
  return `\${azurerm_management_group.${found[0]}.id}`;
};

describe('management groups', () => {
  test('form the derived hierarchy under the tenant root group', () => {
    expect(text).toHaveResourceWithProperties(ManagementGroup, { name: 'acme', display_name: 'acme' });
    expect(resources(doc, 'azurerm_management_group').find(([, mg]) => mg.name === 'acme')![1].parent_management_group_id).toBeUndefined();
    expect(text).toHaveResourceWithProperties(ManagementGroup, { name: 'acme-prod', parent_management_group_id: mgRef('acme') });
    expect(text).toHaveResourceWithProperties(ManagementGroup, { name: 'acme-prod-spaces', parent_management_group_id: mgRef('acme-prod') });
    expect(text).toHaveResourceWithProperties(ManagementGroup, { name: 'acme-decommissioned', display_name: 'acme Decommissioned', parent_management_group_id: mgRef('acme') });
  });

  test('exist for every hierarchy node and no more', () => {
    const names = resources(doc, 'azurerm_management_group').map(([, mg]) => mg.name).sort();
    expect(names).toEqual(out.model.hierarchy.nodes.map((n) => n.azure.id).sort());
    expect(Math.max(...out.model.hierarchy.nodes.map((n) => n.depth))).toBeLessThanOrEqual(6);
  });
});

describe('subscriptions', () => {
  const aliases = () => resources(doc, 'azapi_resource').filter(([, r]) => r.type === 'Microsoft.Subscription/aliases@2021-10-01');
  const aliasOf = (unit: string) => aliases().find(([, r]) => r.name === out.model.unit(unit)!.identity)!;
  const subscriptionRef = (unit: string) => `\${azapi_resource.${aliasOf(unit)[0]}.output.properties.subscriptionId}`;
  const actions = (type: string) => resources(doc, 'azapi_resource_action').filter(([, a]) => a.type === type).map(([, a]) => a);

  test('are created through their alias on the billing scope, tagged like accounts', () => {
    const [, alias] = aliasOf('space-we-contoso-prod');
    expect(alias).toMatchObject({
      parent_id: '/',
      response_export_values: ['properties.subscriptionId'],
      body: {
        properties: {
          displayName: 'acme-space-we-contoso-prod',
          billingScope: '/providers/Microsoft.Billing/billingAccounts/0000000/enrollmentAccounts/000000',
          workload: 'Production',
          additionalProperties: { tags: expect.objectContaining({ 'vend:unit': 'space-we-contoso-prod', 'vend:kind': 'Space', 'cost-center': '2234' }) },
        },
      },
    });
    expect((aliasOf('space-we-shared-dev')[1].body as { properties: { workload: string } }).properties.workload).toBe('DevTest');
  });

  test('one per Azure unit, none for AWS units', () => {
    expect(aliases().map(([, r]) => r.name).sort()).toEqual(out.model.units.filter((u) => u.cloud === 'azure').map((u) => u.identity).sort());
  });

  test('are born in their management group, never in the tenant\'s default group', () => {
    for (const unit of out.model.units.filter((u) => u.cloud === 'azure')) {
      const [, alias] = aliasOf(unit.name);
      const mg = (alias.body as { properties: { additionalProperties: { managementGroupId: string } } }).properties.additionalProperties.managementGroupId;
      expect(mg).toBe(mgRef(out.model.hierarchy.node(unit.placement).azure.id));
    }
  });

  test('cannot be cancelled or re-created by Terraform: never destroyed, body never re-sent', () => {
    for (const [, alias] of aliases()) expect(alias.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['body'] });
    expect(text).toHaveProviderWithProperties(AzurermProvider, { features: [expect.objectContaining({ subscription: [{ prevent_cancellation_on_destroy: true }] })], use_oidc: true });
  });

  test('are moved between management groups by one PUT under the new group, never detached', () => {
    const placements = actions('Microsoft.Management/managementGroups/subscriptions@2021-04-01');
    expect(placements).toHaveLength(aliases().length);
    for (const unit of out.model.units.filter((u) => u.cloud === 'azure')) {
      const expected = `${mgRef(out.model.hierarchy.node(unit.placement).azure.id)}/subscriptions/${subscriptionRef(unit.name)}`;
      expect(placements.filter((p) => p.resource_id === expected).map((p) => p.method)).toEqual(['PUT']);
    }
    // An action does nothing on destroy: nothing moves a subscription to the tenant root.
    for (const p of placements) expect(p.when).toBeUndefined();
    expect(doc.resource!.azurerm_management_group_subscription_association).toBeUndefined();
    expect(doc.resource!.azurerm_subscription).toBeUndefined();
  });

  test('tags are written to active subscriptions only', () => {
    const tags = actions('Microsoft.Resources/tags@2021-04-01');
    expect(tags.map((t) => t.resource_id).sort()).toEqual(
      out.model.units.filter((u) => u.cloud === 'azure' && u.lifecycle === 'active').map((u) => `/subscriptions/${subscriptionRef(u.name)}/providers/Microsoft.Resources/tags/default`).sort(),
    );
  });

  test('the ControlPlane subscription bootstrap created is imported, not created again', () => {
    expect((doc as { import?: unknown[] }).import).toEqual([
      { to: `azapi_resource.${aliasOf('control-plane-azure-prod')[0]}`, id: '/providers/Microsoft.Subscription/aliases/acme-control-plane-azure-prod?api-version=2021-10-01' },
    ]);
  });
});

describe('Azure Policy', () => {
  test('one custom definition per policy file, at the organization group', () => {
    expect(text).toHaveResourceWithProperties(PolicyDefinition, { name: 'vend-deny-public-ip', policy_type: 'Custom', management_group_id: mgRef('acme') });
    const files = new Set([...out.model.catalog.controls.values()].flatMap((c) => c.azurePolicies.map((p) => p.name)));
    expect(resources(doc, 'azurerm_policy_definition').map(([, d]) => d.name).sort()).toEqual([...files].map((f) => `vend-${f}`).sort());
  });

  test('grouped into one initiative per control', () => {
    expect(text).toHaveResourceWithProperties(ManagementGroupPolicySetDefinition, {
      name: 'vend-space-network-isolation',
      policy_definition_reference: expect.arrayContaining([expect.objectContaining({ reference_id: 'deny-public-ip' }), expect.objectContaining({ reference_id: 'deny-paas-public-network' })]),
    });
  });

  test('allowed locations are assigned at the organization with the organization\'s locations', () => {
    const assignment = resources(doc, 'azurerm_management_group_policy_assignment').find(([, a]) => a.name === policyAssignmentName('allowed-regions'))![1];
    expect(assignment.management_group_id).toBe(mgRef('acme'));
    expect(JSON.parse(assignment.parameters as string)).toEqual({ listOfAllowedLocations: { value: ['westeurope', 'eastus'] } });
  });

  test.each(['acme-prod-spaces', 'acme-dev-spaces'])('Space isolation (no public IP, no public PaaS, no peering) is assigned at %s', (group) => {
    expect(text).toHaveResourceWithProperties(ManagementGroupPolicyAssignment, { name: policyAssignmentName('space-network-isolation'), management_group_id: mgRef(group) });
  });

  test('Space isolation is not assigned to PoP groups', () => {
    const scopes = resources(doc, 'azurerm_management_group_policy_assignment')
      .filter(([, a]) => a.name === policyAssignmentName('space-network-isolation'))
      .map(([, a]) => a.management_group_id);
    expect(scopes).not.toContain(mgRef('acme-prod-pops'));
    expect(scopes).toHaveLength(2);
  });

  test('deny-all is assigned to the Decommissioned group only', () => {
    const scopes = resources(doc, 'azurerm_management_group_policy_assignment').filter(([, a]) => a.name === policyAssignmentName('deny-all')).map(([, a]) => a.management_group_id);
    expect(scopes).toEqual([mgRef('acme-decommissioned')]);
  });

  test.each(['require-tls12', 'key-vault-protection', 'secure-storage', 'require-defender-plans', 'require-diagnostic-settings'])('%s is assigned at the organization', (control) => {
    expect(text).toHaveResourceWithProperties(ManagementGroupPolicyAssignment, { name: policyAssignmentName(control), management_group_id: mgRef('acme') });
  });

  test('deployIfNotExists assignments get a managed identity and exactly the roles their definitions declare', () => {
    const [name, diag] = resources(doc, 'azurerm_management_group_policy_assignment').find(([, a]) => a.name === policyAssignmentName('require-diagnostic-settings'))!;
    expect(diag.identity).toEqual({ type: 'SystemAssigned' });
    expect(diag.location).toBe('westeurope');
    expect(JSON.parse(diag.parameters as string).logAnalyticsWorkspaceId.value).toMatch(/^\/subscriptions\/\$\{azapi_resource\.\w+\.output\.properties\.subscriptionId\}\/resourceGroups\/rg-vend-central-azure-prod\/providers\/Microsoft\.OperationalInsights\/workspaces\/log-vend-security$/);
    const roles = resources(doc, 'azurerm_role_assignment')
      .filter(([, r]) => r.principal_id === `\${azurerm_management_group_policy_assignment.${name}.identity[0].principal_id}`)
      .map(([, r]) => String(r.role_definition_id).split('/').pop())
      .sort();
    expect(roles).toEqual(['749f88d5-cbae-40b8-bcfc-e573ddc772fa', '92aaf0da-9dab-42b6-94a3-d43ce8d16293']);
  });

  test('every deployIfNotExists member of every assignment gets a remediation task', () => {
    const tasks = resources(doc, 'azurerm_management_group_policy_remediation').map(([, t]) => t);
    const expected: string[] = [];
    for (const [name, a] of resources(doc, 'azurerm_management_group_policy_assignment')) {
      const set = resources(doc, 'azurerm_management_group_policy_set_definition').find(([n]) => a.policy_definition_id === `\${azurerm_management_group_policy_set_definition.${n}.id}`)![1];
      for (const ref of set.policy_definition_reference as Array<{ policy_definition_id: string; reference_id: string }>) {
        const def = resources(doc, 'azurerm_policy_definition').find(([n]) => ref.policy_definition_id === `\${azurerm_policy_definition.${n}.id}`)![1];
        if (/deployIfNotExists/i.test(String(def.parameters)) || /deployIfNotExists/i.test(String(def.policy_rule))) expected.push(`\${azurerm_management_group_policy_assignment.${name}.id} ${ref.reference_id}`);
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(tasks.map((t) => `${t.policy_assignment_id} ${t.policy_definition_reference_id}`).sort()).toEqual(expected.sort());
  });

  test('Defender plans are required one initiative reference per plan every template needs', () => {
    const set = resources(doc, 'azurerm_management_group_policy_set_definition').find(([, s]) => s.name === 'vend-require-defender-plans')![1];
    const plans = (set.policy_definition_reference as Array<{ parameter_values: string }>).map((r) => JSON.parse(r.parameter_values).pricingName.value).sort();
    expect(plans).toEqual(['Arm', 'CloudPosture', 'KeyVaults', 'StorageAccounts']);
  });

  test('deny assignments carry no identity', () => {
    const deny = resources(doc, 'azurerm_management_group_policy_assignment').find(([, a]) => a.name === policyAssignmentName('deny-all'))![1];
    expect(deny.identity).toBeUndefined();
  });
});

describe('platform roles at management-group scope', () => {
  test('privileged platform roles are PIM eligible, never permanent', () => {
    expect(text).toHaveResourceWithProperties(PimEligibleRoleAssignment, {
      scope: mgRef('acme'),
      role_definition_id: `/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.Owner}`,
      depends_on: [expect.stringMatching(/^azurerm_role_management_policy\./)],
    });
    // Permanent assignments to people (groups); policy remediation identities are not people.
    const permanent = resources(doc, 'azurerm_role_assignment').filter(([, r]) => r.principal_type === 'Group');
    expect(permanent.length).toBeGreaterThan(0);
    for (const [, r] of permanent) {
      expect(String(r.role_definition_id)).not.toContain(BUILT_IN_ROLES.Owner);
      expect(String(r.role_definition_id)).not.toContain(BUILT_IN_ROLES.SecurityAdmin);
    }
  });

  test('security engineers are eligible for security-operator, which cannot write or exempt Azure Policy (review azure S3)', () => {
    const definitions = resources(doc, 'azurerm_role_definition');
    const [operatorId, operator] = definitions.find(([, d]) => String(d.name).startsWith('vend security-operator'))!;
    const { actions, not_actions } = (operator.permissions as Array<{ actions: string[]; not_actions: string[] }>)[0];
    // no action that reaches Microsoft.Authorization writes: only reads there, nothing with a bare wildcard
    expect(actions.filter((a) => /^(\*|Microsoft\.Authorization\/(?!\*\/read$))/i.test(a))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['Microsoft.Security/*', 'Microsoft.Authorization/*/read']));
    expect(not_actions).toEqual([]);
    const eligible = resources(doc, 'azurerm_pim_eligible_role_assignment').filter(([, r]) => String(r.role_definition_id).endsWith(String(operator.role_definition_id)));
    expect(eligible.map(([, r]) => r.scope)).toEqual([mgRef('acme')]);
    // created after the definition: the id names it by GUID, so the order is explicit
    expect(eligible[0][1].depends_on).toEqual(expect.arrayContaining([`azurerm_role_definition.${operatorId}`]));
    const policy = resources(doc, 'azurerm_role_management_policy').find(([, p]) => String(p.role_definition_id).endsWith(String(operator.role_definition_id)))!;
    expect(policy[1].depends_on).toEqual([`azurerm_role_definition.${operatorId}`]);
    expect(resources(doc, 'azurerm_pim_eligible_role_assignment').filter(([, r]) => String(r.role_definition_id).endsWith(BUILT_IN_ROLES.SecurityAdmin))).toEqual([]);
  });

  test('readers are permanent group assignments', () => {
    expect(text).toHaveResourceWithProperties(RoleAssignment, {
      scope: mgRef('acme'),
      principal_type: 'Group',
      role_definition_id: `/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.SecurityReader}`,
    });
  });

  test('network engineers are eligible on every PoP group', () => {
    const scopes = resources(doc, 'azurerm_pim_eligible_role_assignment')
      .filter(([, r]) => String(r.role_definition_id).endsWith(BUILT_IN_ROLES.NetworkContributor))
      .map(([, r]) => r.scope)
      .sort();
    expect(scopes).toEqual([mgRef('acme-dev-pops'), mgRef('acme-prod-pops')].sort());
  });

  test('every group named in the catalog is looked up by name', () => {
    const groups = Object.values(doc.data?.azuread_group ?? {}).map((g) => g.display_name);
    for (const unit of out.model.units.filter((u) => u.cloud === 'azure')) {
      for (const entry of unit.access) expect(groups).toContain(entry.group);
    }
  });
});

describe('platform roles are configurable', () => {
  test('replacing the table changes the grants and the groups looked up', () => {
    const custom = synth(bundledModel(), { kind: 'local' }, {
      platformRoles: [{ at: { role: 'environment' }, group: 'cloud-auditors', grant: { role: { builtIn: 'Reader' }, privileged: false } }],
    });
    try {
      const tenant = custom.json.get(TENANT_STACK)!;
      const groups = Object.values(tenant.data!.azuread_group).map((g) => g.display_name);
      expect(groups).toContain('cloud-auditors');
      const readers = resources(tenant, 'azurerm_role_assignment').filter(([, r]) => r.principal_type === 'Group');
      expect(readers.map(([, r]) => r.scope).sort()).toEqual([
        `\${azurerm_management_group.${resources(tenant, 'azurerm_management_group').find(([, m]) => m.name === 'acme-dev')![0]}.id}`,
        `\${azurerm_management_group.${resources(tenant, 'azurerm_management_group').find(([, m]) => m.name === 'acme-prod')![0]}.id}`,
      ].sort());
      expect(resources(tenant, 'azurerm_pim_eligible_role_assignment')).toHaveLength(0);
    } finally {
      custom.cleanup();
    }
  });
});

describe('outputs', () => {
  test('publish what the subscription stacks read', () => {
    expect(Object.keys(doc.output!).sort()).toEqual(Object.values(TENANT_OUTPUTS).sort());
    const ids = doc.output![TENANT_OUTPUTS.subscriptionIds].value as Record<string, string>;
    expect(Object.keys(ids).sort()).toEqual(out.model.units.filter((u) => u.cloud === 'azure').map((u) => u.name).sort());
    expect(Object.keys(doc.output![TENANT_OUTPUTS.privateLinkServiceIds].value as object).sort()).toEqual(['pop-we-dev', 'pop-we-prod']);
  });
});
