import { Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import type { Construct } from 'constructs';
import { MANAGED_TAG } from '../managed-tag';
import { accountGroup, selfManagedPermissions } from '../stacksets/self-managed';
import { AccessLogParameter } from './access-log-bucket-template';

export interface AccessLogsStackProps extends StackProps {
  /** The Central account (a deploy-time token). */
  readonly centralAccountId: string;
  /** `vend-<org>-lb-logs-<central>-`. */
  readonly bucketNamePrefix: string;
  /** Region → the account ids of the active PoPs there. */
  readonly popAccounts: ReadonlyMap<string, readonly string[]>;
  readonly templateBody: string;
}

/**
 * The Central account's load-balancer access-log buckets: one stack instance per region that has
 * PoPs, each with that region's PoP accounts as the only allowed log sources. PoP baselines depend
 * on this stack, so a PoP's load balancer never points at a bucket that does not exist yet.
 */
export class AccessLogsStack extends Stack {
  readonly stackSet: cloudformation.CfnStackSet;

  constructor(scope: Construct, id: string, props: AccessLogsStackProps) {
    super(scope, id, props);
    const regions = [...props.popAccounts.keys()].sort();
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: 'vend-access-logs',
      description: 'vend: load-balancer access-log buckets of the Central account, one per PoP region',
      ...selfManagedPermissions(),
      managedExecution: { Active: true },
      operationPreferences: { regionConcurrencyType: 'PARALLEL', failureToleranceCount: 0, maxConcurrentCount: 1 },
      templateBody: props.templateBody,
      parameters: [{ parameterKey: AccessLogParameter.BucketNamePrefix, parameterValue: props.bucketNamePrefix }],
      // One group per region: the same account, different regions, each with its region's sources.
      stackInstancesGroup: regions.map((region) => {
        const accounts = props.popAccounts.get(region)!;
        return accountGroup(props.centralAccountId, [region], [
          { parameterKey: AccessLogParameter.SourceAccounts, parameterValue: accounts.join(',') },
          {
            parameterKey: AccessLogParameter.SourceArns,
            parameterValue: accounts.map((a) => `arn:${this.partition}:logs:${region}:${a}:*`).join(','),
          },
        ]);
      }),
      tags: [{ key: MANAGED_TAG, value: 'true' }],
    });
  }
}
