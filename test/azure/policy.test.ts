/**
 * The Azure Policy plan and its pre-synth checks: rule validation, parameters, limits.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkPolicyPlan, planPolicies, PolicyPlanError, synthesizeAzure, validatePolicyDefinition } from '../../lib/azure';
import type { AzurePolicyDefinition, VendModel } from '../../lib/model';
import { bundledModel } from './support/synth';

const valid = (): AzurePolicyDefinition['properties'] => ({
  displayName: 'test',
  mode: 'Indexed',
  parameters: { effect: { type: 'String', allowedValues: ['Deny', 'Audit'], defaultValue: 'Deny' } },
  policyRule: {
    if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'location', notIn: "[parameters('locations')]" }] },
    then: { effect: "[parameters('effect')]" },
  },
});
const findings = (properties: unknown) => validatePolicyDefinition({ name: 'test', properties: properties as AzurePolicyDefinition['properties'] }).map((f) => `${f.path}: ${f.message}`);

describe('policy rule validation', () => {
  test('accepts every bundled definition', () => {
    const model = bundledModel();
    for (const control of model.catalog.controls.values()) {
      for (const def of control.azurePolicies) expect({ file: def.file, findings: validatePolicyDefinition(def) }).toEqual({ file: def.file, findings: [] });
    }
  });

  test('fails a rule that uses an undeclared parameter', () => {
    expect(findings(valid())).toEqual(["policyRule: uses parameters('locations'), which is not declared"]);
  });

  test.each([
    ['an unknown effect', (p: any) => (p.policyRule.then.effect = 'Block'), 'unknown effect'],
    ['an effect parameter allowing an unknown effect', (p: any) => (p.parameters.effect.allowedValues = ['Deny', 'Nope']), "unknown effect 'Nope'"],
    ['a missing if', (p: any) => delete p.policyRule.if, 'missing "if"'],
    ['a missing then', (p: any) => delete p.policyRule.then, 'missing "then"'],
    ['a condition with two operators', (p: any) => (p.policyRule.if.allOf[0].notEquals = 'x'), 'exactly one operator'],
    ['a condition with an unknown operator', (p: any) => (p.policyRule.if.allOf[0] = { field: 'type', equalz: 'x' }), 'exactly one operator'],
    ['allOf that is not a list', (p: any) => (p.policyRule.if = { allOf: { field: 'type', equals: 'x' } }), 'must be a non-empty list'],
    ['an unknown mode', (p: any) => (p.mode = 'Everything'), "mode 'Everything'"],
    ['a parameter of unknown type', (p: any) => (p.parameters.effect.type = 'Text'), 'type must be one of'],
    ['a default outside the allowed effects', (p: any) => (p.parameters.effect.defaultValue = 'Disabled'), 'not among the allowed values'],
  ])('fails %s', (_what, mutate, message) => {
    const p = valid() as any;
    p.parameters.locations = { type: 'Array' };
    mutate(p);
    expect(findings(p).join('\n')).toContain(message);
  });

  test('fails a deployIfNotExists rule without roles for its identity', () => {
    const p = valid() as any;
    p.parameters.locations = { type: 'Array' };
    p.policyRule.then = { effect: 'DeployIfNotExists', details: { type: 'Microsoft.Insights/diagnosticSettings', deployment: { properties: {} } } };
    expect(findings(p).join('\n')).toContain('must list the roles its managed identity needs');
  });

  test('fails a deployment template that uses a parameter it does not declare', () => {
    const p = valid() as any;
    p.parameters.locations = { type: 'Array' };
    p.policyRule.then = {
      effect: 'DeployIfNotExists',
      details: {
        type: 'Microsoft.Insights/diagnosticSettings',
        roleDefinitionIds: ['/providers/Microsoft.Authorization/roleDefinitions/749f88d5-cbae-40b8-bcfc-e573ddc772fa'],
        deployment: { properties: { template: { parameters: {}, resources: [{ name: "[parameters('workspaceId')]" }] } } },
      },
    };
    expect(findings(p).join('\n')).toContain("template uses parameters('workspaceId')");
  });
});

describe('policy plan', () => {
  let model: VendModel;
  beforeAll(() => {
    model = bundledModel();
  });

  test('has no problems on the bundled catalog', () => {
    expect(checkPolicyPlan(model)).toEqual([]);
  });

  test('assigns each control once per management group it is attached to', () => {
    const plan = planPolicies(model);
    const keys = plan.assignments.map((a) => `${a.managementGroupId}/${a.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(plan.assignments.find((a) => a.control === 'deny-all')!.managementGroupId).toBe('acme-decommissioned');
  });

  test('only controls with an Azure realization become initiatives', () => {
    const controls = planPolicies(model).initiatives.map((i) => i.control);
    expect(controls).not.toContain('deny-root-user');
    expect(controls).toContain('space-network-isolation');
  });

  test('fails when a scope would exceed its assignment limit', () => {
    const strict = withQuotas(model, { policyAssignmentsPerScope: 3 });
    expect(checkPolicyPlan(strict).map((p) => p.code)).toContain('policy-assignment-count');
  });

  test('fails a definition over the size limit', () => {
    const strict = withQuotas(model, { policyDefinitionMaxBytes: 600 });
    const problems = checkPolicyPlan(strict).filter((p) => p.code === 'policy-too-large');
    expect(problems.some((p) => p.message.includes('deploy-activity-log-diagnostics.policy.json is'))).toBe(true);
  });

  test('fails a hierarchy deeper than management groups allow', () => {
    expect(checkPolicyPlan(withQuotas(model, { managementGroupMaxDepth: 2 })).map((p) => p.code)).toContain('hierarchy-depth');
  });

  test('synth refuses a plan with problems and lists them all, before writing anything', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'vend-azure-refused-'));
    try {
      const refusal = (() => {
        try {
          synthesizeAzure(withQuotas(model, { policyAssignmentsPerScope: 3, managementGroupMaxDepth: 2 }), { outdir, backend: { kind: 'local' } });
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(refusal).toBeInstanceOf(PolicyPlanError);
      expect((refusal as PolicyPlanError).problems.map((p) => p.code)).toEqual(expect.arrayContaining(['policy-assignment-count', 'hierarchy-depth']));
      expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

function withQuotas(model: VendModel, quotas: Record<string, number>): VendModel {
  const organization = { ...model.catalog.organization, spec: { ...model.catalog.organization.spec, quotas } };
  return { ...model, catalog: { ...model.catalog, organization } };
}
