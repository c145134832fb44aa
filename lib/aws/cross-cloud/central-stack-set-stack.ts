import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SingleAccountStackSet, type SingleAccountStackSetProps } from '../stacksets/single-account-stack-set';

export interface CentralStackSetStackProps extends StackProps {
  readonly stackSet: Omit<SingleAccountStackSetProps, 'parameters'>;
  /**
   * Template parameter values, built in this stack's scope (they may read deploy-time lookups).
   * @default - none
   */
  readonly parameters?: (scope: Construct) => Record<string, string>;
}

/**
 * A management-account stack whose only job is one StackSet into the Central account, so that a
 * change to it (an Azure Space added to a shard) touches nothing else.
 */
export class CentralStackSetStack extends Stack {
  readonly stackSet: SingleAccountStackSet;

  constructor(scope: Construct, id: string, props: CentralStackSetStackProps) {
    super(scope, id, props);
    this.stackSet = new SingleAccountStackSet(this, 'StackSet', { ...props.stackSet, parameters: props.parameters?.(this) });
  }
}
