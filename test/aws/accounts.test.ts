import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT_CREATION_LANES, PERMISSION_SET_POLICIES, shardOf, stackNames } from '../../lib/aws';
import { AccountsStack } from '../../lib/aws/accounts/accounts-stack';
import { IdentityStack } from '../../lib/aws/identity/identity-stack';
import { ACCESS_ROLES, loadModel, pascalId, type EffectiveUnit, type VendModel } from '../../lib/model';
import { CATALOG_DIR, readThrough, resourcesOfType, synthesize, type CfnTemplate, type Synthesized } from './support';

/** The decommissioned unit, which in this file's catalog still lists access entries. */
const LEGACY = 'space-eu-legacy-dev';
/** The first name of the form space-eu-n<i>-dev that falls in LEGACY's shard. */
const NEIGHBOUR = (() => {
  const legacy = JSON.stringify(shardOf({ name: LEGACY, environment: 'dev', kind: 'Space' }));
  for (let i = 0; ; i++) {
    const name = `space-eu-n${i}-dev`;
    if (JSON.stringify(shardOf({ name, environment: 'dev', kind: 'Space' })) === legacy) return name;
  }
})();

let model: VendModel;
let synth: Synthesized;
let awsUnits: EffectiveUnit[];
beforeAll(() => {
  // The bundled catalog with access entries left on the decommissioned unit, so that removing its
  // assignments is something the realization must do (the bundled unit has none to remove).
  const catalog = path.join(mkdtempSync(path.join(tmpdir(), 'vend-accounts-')), 'catalog');
  cpSync(CATALOG_DIR, catalog, { recursive: true });
  appendFileSync(path.join(catalog, 'units', `${LEGACY}.yaml`), 'access:\n  - { group: developers, role: admin }\n  - { group: auditors, role: viewer }\n');
  // An active Space in the decommissioned unit's shard: one accounts stack then holds accounts in
  // two OUs (the unit's own and Quarantine), which a shared lookup must not mix up.
  writeFileSync(path.join(catalog, 'units', `${NEIGHBOUR}.yaml`), [
    'apiVersion: vend/v1', 'kind: Space', `name: ${NEIGHBOUR}`, 'cloud: aws', 'environment: dev', 'region: eu-west-1', 'tenancy: multi',
    'owners: [team-neighbour@acme.example]', 'network: { cidr: 10.120.12.0/22, pop: pop-eu-dev }', 'access:', '  - { group: developers, role: owner }', '',
  ].join('\n'));
  try {
    model = loadModel({ catalogDir: catalog });
  } finally {
    rmSync(path.dirname(catalog), { recursive: true, force: true });
  }
  synth = synthesize(model);
  awsUnits = model.units.filter((u) => u.cloud === 'aws');
});

const accountsStackOf = (unit: EffectiveUnit) => stackNames.accounts(shardOf(unit));
const accountOf = (unit: EffectiveUnit) => {
  const template = synth.json(accountsStackOf(unit));
  const found = resourcesOfType(template, 'AWS::Organizations::Account').find(([, r]) => r.Properties.AccountName === unit.name);
  if (!found) throw new Error(`no account for ${unit.name}`);
  return { logicalId: found[0], resource: found[1], template };
};

describe('accounts', () => {
  test('exist for every AWS unit and for nothing else', () => {
    const names = [...synth.all().values()].flatMap((t) =>
      resourcesOfType(t, 'AWS::Organizations::Account').map(([, r]) => r.Properties.AccountName as string),
    );
    expect(names.sort()).toEqual(awsUnits.map((u) => u.name).sort());
    expect(names).not.toContain('central-azure-prod');
  });

  test('use the unit identity as root e-mail', () => {
    for (const unit of awsUnits) expect(accountOf(unit).resource.Properties.Email).toBe(`${unit.name}@aws.acme.example`);
  });

  test('are tagged with the unit name, kind, environment and owners', () => {
    for (const unit of awsUnits) {
      const tags = Object.fromEntries(accountOf(unit).resource.Properties.Tags.map((t: any) => [t.Key, t.Value]));
      expect(tags).toMatchObject({
        'vend:unit': unit.name,
        'vend:kind': unit.kind,
        'vend:environment': unit.environment,
        'vend:owners': unit.owners.join(' '),
      });
    }
  });

  test('list their tags sorted by key (the template, and so the validation cache key, is the same however the catalog orders them)', () => {
    for (const unit of awsUnits) {
      const keys = accountOf(unit).resource.Properties.Tags.map((t: { Key: string }) => t.Key);
      expect(keys).toEqual([...keys].sort());
      expect(keys.length).toBeGreaterThan(3);
    }
  });

  test('publish each account id other stacks read as output AccountId<Unit>, the account\'s own AccountId', () => {
    let published = 0;
    for (const unit of awsUnits) {
      const { logicalId, template } = accountOf(unit);
      const output = template.Outputs?.[`AccountId${pascalId(unit.name)}`];
      if (!output) continue;
      expect(output).toEqual({ Value: { 'Fn::GetAtt': [logicalId, 'AccountId'] } });
      published++;
    }
    expect(published).toBeGreaterThan(3);
  });

  test('are retained when removed from the catalog or when their stack is deleted', () => {
    for (const unit of awsUnits) {
      expect(accountOf(unit).resource.DeletionPolicy).toBe('Retain');
      expect(accountOf(unit).resource.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('are read only for units the app and the stack hold: another name is refused, never an empty id', () => {
    const unit = awsUnits[0];
    const stack = synth.vend.app.node.findAll().find((c): c is AccountsStack => c instanceof AccountsStack && c.stackName === accountsStackOf(unit))!;
    expect(stack.accountId(unit.name, stack)).toEqual(expect.any(String));
    expect(() => stack.accountId('space-nowhere-dev', stack)).toThrow(`unit 'space-nowhere-dev' has no account in ${accountsStackOf(unit)}`);
    expect(() => stack.accountIdAnywhere('space-nowhere-dev')).toThrow('has no account in');
    expect(() => synth.vend.accountId('space-nowhere-dev', stack)).toThrow("unit 'space-nowhere-dev' is not an AWS unit of this app");
  });

  test('sit in the OU of their placement; a decommissioned unit sits in Quarantine', () => {
    const ouOf = (key: string) => synth.vend.organization.resolve(synth.vend.organization.ouId(key));
    for (const unit of awsUnits) {
      const parents = accountOf(unit).resource.Properties.ParentIds;
      expect(parents).toHaveLength(1);
      expect(readThrough(synth, parents[0])).toEqual(ouOf(unit.placement));
    }
    expect(model.unit('space-eu-legacy-dev')!.placement).toBe('quarantine');
  });

  test('of one shard in two OUs each sit in their own (an active Space beside the quarantined one)', () => {
    const legacy = accountOf(model.unit(LEGACY)!);
    const neighbour = accountOf(model.unit(NEIGHBOUR)!);
    expect(neighbour.template).toBe(legacy.template);
    expect(model.unit(NEIGHBOUR)!.placement).not.toBe(model.unit(LEGACY)!.placement);
    expect(neighbour.resource.Properties.ParentIds).not.toEqual(legacy.resource.Properties.ParentIds);
  });

  test('in one stack are created one after another', () => {
    for (const template of synth.all().values()) {
      const accounts = resourcesOfType(template, 'AWS::Organizations::Account');
      accounts.forEach(([, account], i) => {
        if (i === 0) expect(account.DependsOn ?? []).toEqual([]);
        else expect(account.DependsOn).toEqual([accounts[i - 1][0]]);
      });
    }
  });

  test('stacks form one chain, so exactly one CreateAccount request is ever in flight', () => {
    const accountStacks = synth.assembly.stacks.filter((s) => s.stackName.startsWith('Vend-Accounts-')).sort((a, b) => (a.stackName < b.stackName ? -1 : 1));
    expect(accountStacks.length).toBeGreaterThan(1);
    expect(ACCOUNT_CREATION_LANES).toBe(1);
    // One head (no dependency on another accounts stack); every other stack waits for the one before it.
    const heads = accountStacks.filter((s) => !s.dependencies.some((d) => d.id.startsWith('Vend-Accounts-') && !d.id.endsWith('.assets')));
    expect(heads.map((s) => s.stackName)).toEqual([accountStacks[0].stackName]);
    accountStacks.forEach((stack, i) => {
      if (i > 0) expect(stack.dependencies.map((d) => d.id)).toContain(accountStacks[i - 1].stackName);
    });
  });
});

describe('Identity Center', () => {
  test('has a permission set for each of the four roles', () => {
    const template = synth.template(stackNames.identity);
    template.resourceCountIs('AWS::SSO::PermissionSet', 4);
    for (const role of ACCESS_ROLES) {
      template.hasResourceProperties('AWS::SSO::PermissionSet', {
        Name: `vend-${role}`,
        ManagedPolicies: PERMISSION_SET_POLICIES[role].managedPolicies.map((name) => `arn:aws:iam::aws:policy/${name}`),
      });
    }
  });

  test("names AWS managed policies in the stack's partition, never a hard-coded arn:aws", () => {
    const app = new App();
    const stack = new IdentityStack(app, 'Identity', { env: { account: '111111111111', region: 'cn-north-1' }, instanceArn: 'arn:aws-cn:sso:::instance/ssoins-1' });
    const sets = Object.values(Template.fromStack(stack).findResources('AWS::SSO::PermissionSet'));
    expect(sets).toHaveLength(4);
    for (const set of sets) {
      const policies = JSON.stringify(set.Properties.ManagedPolicies);
      expect(policies).not.toContain('arn:aws:');
      expect(policies).toContain('AWS::Partition');
    }
  });

  test('assigns each access entry of an active unit to the matching permission set and group', () => {
    const identity = synth.json(stackNames.identity);
    const setLogicalId = (role: string) =>
      resourcesOfType(identity, 'AWS::SSO::PermissionSet').find(([, r]) => r.Properties.Name === `vend-${role}`)![0];
    for (const unit of awsUnits.filter((u) => u.lifecycle === 'active')) {
      const { logicalId, template } = accountOf(unit);
      const assignments = resourcesOfType(template, 'AWS::SSO::Assignment').filter(
        ([, r]) => r.Properties.TargetId['Fn::GetAtt']?.[0] === logicalId,
      );
      expect(assignments).toHaveLength(unit.access.length);
      for (const entry of unit.access) {
        const match = assignments.find(([, r]) => {
          const param = r.Properties.PrincipalId.Ref;
          return template.Parameters![param].Default === `/vend/identity-center/groups/${entry.group}` &&
            JSON.stringify(r.Properties.PermissionSetArn).includes(setLogicalId(entry.role));
        });
        expect(match).toBeDefined();
        expect(match![1].Properties).toMatchObject({ PrincipalType: 'GROUP', TargetType: 'AWS_ACCOUNT' });
        expect(template.Parameters![match![1].Properties.InstanceArn.Ref].Default).toBe('/vend/identity-center/instance-arn');
      }
    }
  });

  test('removes every human assignment from a decommissioned unit', () => {
    const legacy = model.unit(LEGACY)!;
    expect({ lifecycle: legacy.lifecycle, access: legacy.access.length }).toEqual({ lifecycle: 'decommissioned', access: 2 });
    const { logicalId, template } = accountOf(legacy);
    expect(
      resourcesOfType(template as CfnTemplate, 'AWS::SSO::Assignment').filter(([, r]) => r.Properties.TargetId['Fn::GetAtt']?.[0] === logicalId),
    ).toHaveLength(0);
  });
});
