import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { MANAGED_TAG } from '../managed-tag';
import { accountGroup, selfManagedPermissions } from './self-managed';

export interface SingleAccountStackSetProps {
  readonly stackSetName: string;
  readonly description: string;
  /** The template, built by the template library. */
  readonly templateBody: string;
  /** The member account to deploy to (a deploy-time token from its accounts stack). */
  readonly accountId: string;
  /** Regions to deploy to (one stack instance per region); none: the StackSet has no instance. */
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
 * A self-managed StackSet with one account's stack instances: how the management account puts a
 * stack into one member account without a bootstrap there and without typing its id.
 */
export class SingleAccountStackSet extends Construct {
  readonly resource: cloudformation.CfnStackSet;

  constructor(scope: Construct, id: string, props: SingleAccountStackSetProps) {
    super(scope, id);
    this.resource = new cloudformation.CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: props.description,
      ...selfManagedPermissions(),
      managedExecution: { Active: true },
      capabilities: props.capabilities,
      templateBody: props.templateBody,
      parameters: Object.entries(props.parameters ?? {}).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
      stackInstancesGroup: props.regions.length > 0 ? [accountGroup(props.accountId, props.regions)] : [],
      tags: [{ key: MANAGED_TAG, value: 'true' }],
    });
  }
}
