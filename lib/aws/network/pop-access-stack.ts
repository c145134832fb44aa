import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EffectiveUnit } from '../../model';
import { PopAccessParameter } from '../baseline/service-templates';
import { SingleAccountStackSet } from '../stacksets/single-account-stack-set';

export interface PopAccessStackProps extends StackProps {
  readonly pop: EffectiveUnit;
  readonly popAccountId: string;
  /** The PoP's endpoint service id (`vpce-svc-…`). */
  readonly serviceId: string;
  /** Account ids of the active Spaces that name this PoP. */
  readonly spaceAccountIds: readonly string[];
  readonly templateBody: string;
}

/**
 * Who may connect to one PoP's endpoint service: exactly the accounts of the active Spaces that
 * name the PoP. A StackSet instance in the PoP's account holds the permission, so adding or
 * decommissioning a Space changes only this stack.
 */
export class PopAccessStack extends Stack {
  readonly stackSet: SingleAccountStackSet;

  constructor(scope: Construct, id: string, props: PopAccessStackProps) {
    super(scope, id, props);
    const principals = props.spaceAccountIds.map((account) => `arn:${this.partition}:iam::${account}:root`);
    this.stackSet = new SingleAccountStackSet(this, 'StackSet', {
      stackSetName: `vend-pop-access-${props.pop.name}`,
      description: `vend: Spaces allowed to reach PoP ${props.pop.name}`,
      templateBody: props.templateBody,
      accountId: props.popAccountId,
      // No Space allowed: no stack instance, so the handler deletes the permissions resource.
      regions: props.spaceAccountIds.length > 0 ? [props.pop.region] : [],
      parameters: {
        [PopAccessParameter.ServiceId]: props.serviceId,
        [PopAccessParameter.AllowedPrincipals]: principals.length > 0 ? Fn.join(',', principals) : 'none',
      },
    });
  }
}
