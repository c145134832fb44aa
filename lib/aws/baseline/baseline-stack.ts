import { Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { pascalId, type EffectiveUnit } from '../../model';
import type { AccountsStack } from '../accounts/accounts-stack';
import type { OrganizationStack } from '../organization/organization-stack';
import { BaselineParameter } from './parameters';
import { POP_SERVICE_READER_ROLE } from './pipeline-read-role';
import { MANAGED_TAG } from '../managed-tag';
import { StackOutputs } from '../stack-outputs';
import { accountGroup, accountGroupsAsData, selfManagedPermissions } from '../stacksets/self-managed';

export interface BaselineStackProps extends StackProps {
  /** The units of one shard (same kind), sorted by name. */
  readonly units: readonly EffectiveUnit[];
  /** Name of the shard's StackSet (`vend-baseline-prod-spaces-07`). */
  readonly stackSetName: string;
  /** The kind's baseline template. */
  readonly templateBody: string;
  readonly accounts: AccountsStack;
  readonly organization: OrganizationStack;
  readonly managementAccountId: string;
  readonly logArchiveBucketName: string;
  /** `vend-<org>-lb-logs-<central>-`: PoPs append their region to find their access-log bucket. */
  readonly accessLogBucketPrefix: string;
  /**
   * organization.yaml `aws.pops.domain`: a Space reaches its PoP at `<pop>.<domain>`.
   * @default - Spaces get no PoP host name
   */
  readonly popDomain?: string;
  /** The endpoint service name of each PoP, for Spaces that reach one. */
  readonly popServiceName: (pop: string, scope: IConstruct) => string | undefined;
}

/** StackSet operation settings: roll out in parallel across regions, stop at the first failure. */
const OPERATION_PREFERENCES: cloudformation.CfnStackSet.OperationPreferencesProperty = {
  maxConcurrentPercentage: 25,
  failureTolerancePercentage: 0,
  regionConcurrencyType: 'PARALLEL',
};

/**
 * One shard of account baselines: a self-managed StackSet with the kind's template and, per active
 * account of the shard, a stack instance group of its own with that account's parameter overrides
 * (lib/model/aws-deployment.ts). A decommissioned unit has no group: the StackSets handler deletes
 * its stack instance (as the member's OrganizationAccountAccessRole, which the quarantine guardrail
 * exempts) and nothing ever re-creates a baseline inside Quarantine. No account id is typed by
 * hand: they flow in from the accounts stack.
 */
export class BaselineStack extends Stack {
  readonly stackSet: cloudformation.CfnStackSet;
  private readonly endpointServices = new Map<string, { name: string; id: string }>();
  private readonly published = new StackOutputs(this);

  constructor(scope: Construct, id: string, props: BaselineStackProps) {
    super(scope, id, props);
    const { organization } = props;
    const declared = new Set(Object.keys((JSON.parse(props.templateBody) as { Parameters?: object }).Parameters ?? {}));
    const only = (params: cloudformation.CfnStackSet.ParameterProperty[]) => params.filter((p) => declared.has(p.parameterKey));
    const active = props.units.filter((unit) => unit.lifecycle === 'active');
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName,
      description: `vend baseline (${props.units[0]?.template.name}@${props.units[0]?.template.version})`,
      ...selfManagedPermissions(),
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: OPERATION_PREFERENCES,
      templateBody: props.templateBody,
      parameters: only([
        { parameterKey: BaselineParameter.LogArchiveBucketName, parameterValue: props.logArchiveBucketName },
        { parameterKey: BaselineParameter.OrganizationId, parameterValue: organization.organizationId },
        { parameterKey: BaselineParameter.ManagementAccountId, parameterValue: props.managementAccountId },
        // Defaults that individual accounts override.
        { parameterKey: BaselineParameter.UnitName, parameterValue: 'unset' },
        // A shard holds one environment (lib/model/aws-shards.ts): a value of the StackSet, not an
        // override per account (each override costs deploy-time and validation work per account).
        { parameterKey: BaselineParameter.Environment, parameterValue: shardEnvironment(props.units) },
        { parameterKey: BaselineParameter.VpcCidr, parameterValue: '10.255.252.0/22' },
        { parameterKey: BaselineParameter.DataKeyArn, parameterValue: '' },
        { parameterKey: BaselineParameter.PopServiceName, parameterValue: '' },
        { parameterKey: BaselineParameter.PopHostName, parameterValue: '' },
        { parameterKey: BaselineParameter.AccessLogBucketPrefix, parameterValue: props.accessLogBucketPrefix },
      ]),
      stackInstancesGroup: accountGroupsAsData(
        active.map((unit) => accountGroup(props.accounts.accountId(unit.name, this), [unit.region], only(this.overrides(unit, props)))),
      ),
      tags: [{ key: MANAGED_TAG, value: 'true' }],
    });

    // PoPs: read back the endpoint service name the baseline created, for the Spaces that reach it.
    for (const unit of active) {
      if (!unit.baseline.network.exposesEndpointService) continue;
      const roleArn = `arn:${this.partition}:iam::${props.accounts.accountId(unit.name, this)}:role/${POP_SERVICE_READER_ROLE}`;
      const call: cr.AwsSdkCall = {
        service: 'EC2',
        action: 'describeVpcEndpointServiceConfigurations',
        parameters: { Filters: [{ Name: 'tag:vend:unit', Values: [unit.name] }] },
        region: unit.region,
        assumedRoleArn: roleArn,
        physicalResourceId: cr.PhysicalResourceId.of(`${unit.name}-endpoint-service`),
        outputPaths: ['ServiceConfigurations.0.ServiceName', 'ServiceConfigurations.0.ServiceId'],
      };
      const lookup = new cr.AwsCustomResource(new Construct(this, pascalId(unit.name)), 'EndpointService', {
        onCreate: call,
        onUpdate: call,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [roleArn] }),
        ]),
        installLatestAwsSdk: false,
      });
      lookup.node.addDependency(this.stackSet);
      this.endpointServices.set(unit.name, {
        name: lookup.getResponseField('ServiceConfigurations.0.ServiceName'),
        id: lookup.getResponseField('ServiceConfigurations.0.ServiceId'),
      });
    }
  }

  /** A PoP's endpoint service name as `scope`'s stack reads it (published as output `EndpointServiceName<PoP>`). */
  endpointServiceNameIn(scope: IConstruct, pop: string): string | undefined {
    const service = this.endpointService(pop);
    return service && this.published.read(scope, `EndpointServiceName${pascalId(pop)}`, service.name);
  }

  /** A PoP's endpoint service `{ name, id }`, read from its account after its baseline is in place. */
  endpointService(pop: string): { name: string; id: string } | undefined {
    return this.endpointServices.get(pop);
  }

  private overrides(unit: EffectiveUnit, props: BaselineStackProps): cloudformation.CfnStackSet.ParameterProperty[] {
    const values: Array<[string, string]> = [
      [BaselineParameter.UnitName, unit.name],
      [BaselineParameter.VpcCidr, unit.network?.cidr ?? '10.255.252.0/22'],
    ];
    if (unit.customerManagedKey?.startsWith('arn:aws')) values.push([BaselineParameter.DataKeyArn, unit.customerManagedKey]);
    if (unit.baseline.network.reachesPop && unit.network?.pop) {
      const service = props.popServiceName(unit.network.pop, this);
      if (service) values.push([BaselineParameter.PopServiceName, service]);
      if (service && props.popDomain) values.push([BaselineParameter.PopHostName, `${unit.network.pop}.${props.popDomain}`]);
    }
    return values.map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue }));
  }
}

function shardEnvironment(units: readonly EffectiveUnit[]): string {
  const environments = [...new Set(units.map((u) => u.environment))];
  if (environments.length > 1) throw new Error(`a baseline shard holds one environment, not ${environments.join(', ')}`);
  return environments[0] ?? 'unset';
}
