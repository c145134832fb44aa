/**
 * IaC step `drop-pop-principal`: no endpoint service in the PoP's account allows the Space's account
 * any more. Read inside the PoP's account (as OrganizationAccountAccessRole, reads only).
 */
import { DescribeVpcEndpointServiceConfigurationsCommand, DescribeVpcEndpointServicePermissionsCommand } from '@aws-sdk/client-ec2';
import type { LifecycleStep } from '../../../model';
import type { Step } from '../../decommission/engine';
import { allPages } from '../clients';
import type { AwsSteps } from './context';

export function dropPopPrincipalStep(s: AwsSteps, spec: LifecycleStep): Step {
  return {
    spec,
    async inspect() {
      const pop = await s.popClients();
      if (!pop) return { done: true, detail: 'the PoP has no live account' };
      const principal = `arn:aws:iam::${s.account.id}:root`;
      const ec2 = pop.clients;
      const services = await allPages((NextToken) => ec2.send('ec2', new DescribeVpcEndpointServiceConfigurationsCommand({ NextToken })), (p) => p.ServiceConfigurations);
      const granted: string[] = [];
      for (const svc of services) {
        const perms = await allPages(
          (NextToken) => ec2.send('ec2', new DescribeVpcEndpointServicePermissionsCommand({ ServiceId: svc.ServiceId!, NextToken })),
          (p) => p.AllowedPrincipals,
        );
        if (perms.some((p) => p.Principal === principal || p.Principal === s.account.id)) granted.push(svc.ServiceId!);
      }
      return {
        done: granted.length === 0,
        detail: granted.length ? `${pop.unit.name} still allows ${s.account.id} on ${granted.join(', ')}` : `${pop.unit.name} no longer allows ${s.account.id}`,
      };
    },
  };
}
