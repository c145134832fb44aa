import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';

export interface SingleAccountStackSetProps {
  readonly stackSetName: string;
  readonly description: string;
  /** The template, built by the template library. */
  readonly templateBody: string;
  /** The member account to deploy to (a deploy-time token from its accounts stack). */
  readonly accountId: string;
  /** The account's OU: service-managed StackSets target OUs, narrowed here to the one account. */
  readonly ouId: string;
  /** Regions to deploy to (one stack instance per region). */
  readonly regions: readonly string[];
  /**
   * Template parameter values.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Capabilities the template needs.
   * @default - none
   */
  readonly capabilities?: string[];
}

/**
 * A service-managed StackSet with exactly one stack instance: how the management account puts a
 * stack into one member account without a bootstrap there and without typing its id.
 */
export class SingleAccountStackSet extends Construct {
  readonly resource: cloudformation.CfnStackSet;

  constructor(scope: Construct, id: string, props: SingleAccountStackSetProps) {
    super(scope, id);
    this.resource = new cloudformation.CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: props.description,
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: false },
      managedExecution: { Active: true },
      capabilities: props.capabilities,
      templateBody: props.templateBody,
      parameters: Object.entries(props.parameters ?? {}).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: [props.ouId], accounts: [props.accountId], accountFilterType: 'INTERSECTION' },
          regions: [...props.regions],
        },
      ],
      tags: [{ key: 'vend:managed', value: 'true' }],
    });
  }
}
