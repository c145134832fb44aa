import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import type { EffectiveUnit } from '../../model';
import { PopAccessParameter } from '../baseline/service-templates';
import { SingleAccountStackSet } from '../stacksets/single-account-stack-set';

export interface PopAccessStackProps extends StackProps {
  readonly pop: EffectiveUnit;
  /** The PoP's endpoint service id (`vpce-svc-…`). */
  readonly serviceId: string;
  /** Names of the active Spaces that name this PoP. */
  readonly spaces: readonly string[];
  /** A unit's account id as the stack of `scope` reads it. */
  readonly accountId: (unitName: string, scope: IConstruct) => string;
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
    const principals = props.spaces.map((space) => `arn:${this.partition}:iam::${props.accountId(space, this)}:root`);
    this.stackSet = new SingleAccountStackSet(this, 'StackSet', {
      stackSetName: `vend-pop-access-${props.pop.name}`,
      description: `vend: Spaces allowed to reach PoP ${props.pop.name}`,
      templateBody: props.templateBody,
      accountId: props.accountId(props.pop.name, this),
      // No Space allowed: no stack instance, so the handler deletes the permissions resource.
      regions: props.spaces.length > 0 ? [props.pop.region] : [],
      parameters: {
        [PopAccessParameter.ServiceId]: props.serviceId,
        [PopAccessParameter.AllowedPrincipals]: principals.length > 0 ? Fn.join(',', principals) : 'none',
      },
    });
  }
}
