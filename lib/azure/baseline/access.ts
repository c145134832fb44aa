/**
 * The unit's `access` entries as role assignments at subscription scope: privileged roles (owner,
 * admin) as PIM eligible assignments under vend's PIM policy, the others permanent. An `owner`'s
 * RBAC administration is limited to the roles units hand out permanently. Group object ids come
 * from the tenant stack, which looks them up by name.
 */
import { Construct } from 'constructs';
import { pascalId } from '../../model';
import { grant, RoleManagementPolicies } from '../grant';
import { TENANT_OUTPUTS } from '../names';
import { ACCESS_ROLE_GRANTS, constrainRolesCondition, delegableUnitRoles, roleGuid, subscriptionRoleDefinitionId } from '../roles';
import type { SubscriptionContext } from './context';

export class AccessBaseline extends Construct {
  constructor(scope: Construct, id: string, props: { readonly context: SubscriptionContext }) {
    super(scope, id);
    const { unit, subscriptionId, tenantOutput, model } = props.context;
    const org = model.catalog.organization.spec.name;
    const scopeId = `/subscriptions/${subscriptionId}`;
    const policies = new RoleManagementPolicies(this, 'Pim');
    for (const entry of unit.access) {
      for (const mapping of ACCESS_ROLE_GRANTS[entry.role]) {
        const roleName = 'builtIn' in mapping.role ? mapping.role.builtIn : pascalId(mapping.role.custom);
        const roleDefinitionId = subscriptionRoleDefinitionId(subscriptionId, roleGuid(mapping.role, org));
        grant(this, `${pascalId(entry.group)}${pascalId(entry.role)}${mapping.delegates ? roleName : ''}`, {
          scope: scopeId,
          roleDefinitionId,
          principalId: tenantOutput(TENANT_OUTPUTS.groupObjectIds, entry.group),
          privileged: mapping.privileged,
          why: `vend: ${entry.group} is ${entry.role} of ${unit.name}`,
          condition: mapping.delegates === 'unit-roles' ? constrainRolesCondition(delegableUnitRoles(org)) : undefined,
          policy: mapping.privileged ? policies.at('Subscription', roleName, { scope: scopeId, scopedRoleDefinitionId: roleDefinitionId }) : undefined,
        });
      }
    }
  }
}
