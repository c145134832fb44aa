import type { IAspect } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import type { IConstruct } from 'constructs';

/** Sets `CallAs` on every StackSet: `DELEGATED_ADMIN` when the pipeline runs in a delegated-admin account. */
export class StackSetCallAs implements IAspect {
  constructor(private readonly callAs: 'SELF' | 'DELEGATED_ADMIN') {}

  visit(node: IConstruct): void {
    if (node instanceof cloudformation.CfnStackSet) node.callAs = this.callAs;
  }
}
