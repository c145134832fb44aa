/**
 * The unit's `access` entries as role assignments at subscription scope: privileged roles (owner,
 * admin) as PIM eligible assignments, the others permanent. Group object ids come from the tenant
 * stack, which looks them up by name.
 */
import { Construct } from 'constructs';
import { pascalId } from '../../model';
import { TENANT_OUTPUTS } from '../names';
import { ACCESS_ROLE_GRANTS, builtInRoleId } from '../roles';
import { grant } from '../tenant-stack';
import type { SubscriptionContext } from './context';

export class AccessBaseline extends Construct {
  constructor(scope: Construct, id: string, props: { readonly context: SubscriptionContext }) {
    super(scope, id);
    const { unit, subscriptionId, tenantOutput } = props.context;
    const scopeId = `/subscriptions/${subscriptionId}`;
    for (const entry of unit.access) {
      const mapping = ACCESS_ROLE_GRANTS[entry.role];
      const roleDefinitionId =
        'builtIn' in mapping.role ? builtInRoleId(scopeId, mapping.role.builtIn) : tenantOutput(TENANT_OUTPUTS.customRoleIds, mapping.role.custom);
      grant(this, `${pascalId(entry.group)}${pascalId(entry.role)}`, {
        scope: scopeId,
        roleDefinitionId,
        principalId: tenantOutput(TENANT_OUTPUTS.groupObjectIds, entry.group),
        privileged: mapping.privileged,
        why: `vend: ${entry.group} is ${entry.role} of ${unit.name}`,
      });
    }
  }
}
