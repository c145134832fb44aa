import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { checkStackLimits, MAX_RESOURCES_PER_STACK, synthesizeAws, VendAwsApp } from '../../lib/aws';
import type { VendModel } from '../../lib/model';
import { bundledModel } from './support';

let model: VendModel;
beforeAll(() => {
  model = bundledModel();
});

describe('synthesizeAws', () => {
  test('writes the cloud assembly to outdir and lists its stacks, sorted', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'vend-aws-synth-'));
    const result = synthesizeAws(model, { outdir });
    expect(result.outdir).toBe(outdir);
    expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
    expect(result.stacks).toEqual([...result.stacks].sort());
    expect(result.stacks).toEqual(expect.arrayContaining(['Vend-Organization', 'Vend-Identity', 'Vend-Security', 'Vend-CrossCloudTrust']));
    for (const stack of result.stacks) expect(existsSync(path.join(outdir, `${stack}.template.json`))).toBe(true);
  });

  test('deploys every stack into the management account, in the Central unit\'s region', () => {
    const vend = new VendAwsApp(model, { outdir: mkdtempSync(path.join(tmpdir(), 'vend-aws-env-')) });
    const assembly = vend.app.synth();
    for (const stack of assembly.stacks) expect(stack.environment).toMatchObject({ account: '111111111111', region: 'eu-west-1' });
  });

  test('ignores the retired delegated-administrator context: Organizations calls need the management account', () => {
    const vend = new VendAwsApp(model, {
      outdir: mkdtempSync(path.join(tmpdir(), 'vend-aws-da-')),
      context: { 'vend:deploymentAccount': '222233334444', 'vend:stackSetsAsDelegatedAdmin': 'true' },
    });
    for (const stack of vend.app.synth().stacks) expect(stack.environment.account).toBe('111111111111');
  });

  test('runs every StackSet self-managed, as the management account\'s administration role, never with CallAs', () => {
    const assembly = new VendAwsApp(model, { outdir: mkdtempSync(path.join(tmpdir(), 'vend-aws-self-')) }).app.synth();
    let stackSets = 0;
    for (const stack of assembly.stacks) {
      for (const r of Object.values((stack.template as any).Resources) as any[]) {
        expect(r.Properties?.CallAs).toBeUndefined();
        if (r.Type !== 'AWS::CloudFormation::StackSet') continue;
        stackSets++;
        expect(r.Properties).toMatchObject({
          PermissionModel: 'SELF_MANAGED',
          ExecutionRoleName: 'OrganizationAccountAccessRole',
          AdministrationRoleARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/vend-stackset-administration']] },
        });
        expect(r.Properties.AutoDeployment).toBeUndefined();
      }
    }
    expect(stackSets).toBeGreaterThan(10);
  });

  test('fails when the catalog has no active AWS Central unit', () => {
    const withoutCentral: VendModel = { ...model, units: model.units.filter((u) => u.name !== 'central-aws-prod') };
    expect(() => new VendAwsApp(withoutCentral)).toThrow(/exactly one active Central unit.*found 0: none/);
  });

  test('fails when organization.yaml has no aws section', () => {
    const org = model.catalog.organization;
    const noAws: VendModel = {
      ...model,
      catalog: { ...model.catalog, organization: { ...org, spec: { ...org.spec, aws: undefined } } },
    };
    expect(() => new VendAwsApp(noAws)).toThrow(/no `aws` section/);
  });
});

describe('stack limits', () => {
  test('report a stack over the resource budget', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'vend-aws-limits-')) });
    const stack = new Stack(app, 'Big');
    for (let i = 0; i <= MAX_RESOURCES_PER_STACK; i++) new CfnResource(stack, `R${i}`, { type: 'AWS::SNS::Topic' });
    expect(checkStackLimits(app.synth()).map((d) => d.message)).toEqual([`Big has ${MAX_RESOURCES_PER_STACK + 1} resources; vend's budget is ${MAX_RESOURCES_PER_STACK} (raise SHARDS_PER_KIND)`]);
  });
});

describe('a bounded deploy (VEND_MAX_NEW_ACCOUNTS)', () => {
  test('synthesizes only existing units and the first new ones, and names the rest', () => {
    const existing = new Set(['central-aws-prod', 'control-plane-aws-prod', 'pop-eu-dev', 'space-eu-legacy-dev']);
    const vend = new VendAwsApp(model, { outdir: mkdtempSync(path.join(tmpdir(), 'vend-aws-batch-')), batch: { existing, maxNewAccounts: 2 } });
    const accounts = vend.app.synth().stacks
      .filter((s) => s.stackName.startsWith('Vend-Accounts-'))
      .flatMap((s) => Object.values((s.template as any).Resources).filter((r: any) => r.Type === 'AWS::Organizations::Account').map((r: any) => r.Properties.AccountName))
      .sort();
    expect(accounts).toEqual(['central-aws-prod', 'control-plane-aws-prod', 'pop-eu-dev', 'pop-eu-prod', 'space-eu-acme-prod', 'space-eu-legacy-dev']);
    expect(vend.deferred).toEqual(['space-eu-shared-dev', 'space-eu-shared-prod']);
  });
});
