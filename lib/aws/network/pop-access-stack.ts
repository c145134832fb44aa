import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import type { Construct } from 'constructs';
import type { EffectiveUnit } from '../../model';
import { PopAccessParameter } from '../baseline/service-templates';

export interface PopAccessStackProps extends StackProps {
  readonly pop: EffectiveUnit;
  readonly popAccountId: string;
  readonly popOuId: string;
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
  readonly stackSet: cloudformation.CfnStackSet;

  constructor(scope: Construct, id: string, props: PopAccessStackProps) {
    super(scope, id, props);
    const principals = props.spaceAccountIds.map((account) => `arn:${this.partition}:iam::${account}:root`);
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: `vend-pop-access-${props.pop.name}`,
      description: `vend: Spaces allowed to reach PoP ${props.pop.name}`,
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: false },
      managedExecution: { Active: true },
      templateBody: props.templateBody,
      stackInstancesGroup: [
        {
          deploymentTargets: {
            organizationalUnitIds: [props.popOuId],
            accounts: [props.popAccountId],
            accountFilterType: 'INTERSECTION',
          },
          regions: [props.pop.region],
          parameterOverrides: [
            { parameterKey: PopAccessParameter.ServiceId, parameterValue: props.serviceId },
            { parameterKey: PopAccessParameter.AllowedPrincipals, parameterValue: Fn.join(',', principals) },
          ],
        },
      ],
      tags: [{ key: 'vend:managed', value: 'true' }],
    });
  }
}
