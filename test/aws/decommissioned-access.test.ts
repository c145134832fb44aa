/**
 * The IaC half of the decommission (lifecycle step `drop-access`): a decommissioned unit gets no
 * Identity Center assignment even when its file still lists access entries. (The bundled legacy
 * unit has none, so a check on it alone would pass whatever the code did.)
 */
import { shardOf, stackNames } from '../../lib/aws';
import { buildModel, type VendModel } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize, type CfnTemplate } from './support';

const UNIT = 'space-eu-legacy-dev';

function withAccess(model: VendModel, lifecycle: 'active' | 'decommissioned'): VendModel {
  const units = model.catalog.units.map((u) =>
    u.spec.name === UNIT ? { ...u, spec: { ...u.spec, lifecycle, access: [{ group: 'legacy-operators', role: 'contributor' as const }, { group: 'legacy-readers', role: 'viewer' as const }] } } : u,
  );
  return buildModel({ ...model.catalog, units });
}

function assignmentsOf(model: VendModel): number {
  const unit = model.unit(UNIT)!;
  const template = synthesize(model).json(stackNames.accounts(shardOf(unit))) as CfnTemplate;
  const account = resourcesOfType(template, 'AWS::Organizations::Account').find(([, r]) => r.Properties.AccountName === UNIT)![0];
  return resourcesOfType(template, 'AWS::SSO::Assignment').filter(([, r]) => r.Properties.TargetId['Fn::GetAtt']?.[0] === account).length;
}

test('a decommissioned unit with access entries gets no Identity Center assignment; the same unit active gets one per entry', () => {
  expect(assignmentsOf(withAccess(bundledModel(), 'decommissioned'))).toBe(0);
  expect(assignmentsOf(withAccess(bundledModel(), 'active'))).toBe(2);
});
