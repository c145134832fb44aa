import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeOrganizationCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { GetGroupIdCommand } from '@aws-sdk/client-identitystore';
import { ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import type { AwsClients } from './clients';

export interface BootstrapContextProps {
  /** Clients for global services (Organizations, IAM, STS), which answer in us-east-1. */
  readonly global: AwsClients;
  /** Clients in the deployment region (SSM, CloudFormation, Identity Center). */
  readonly regional: AwsClients;
  readonly region: string;
  readonly managementAccountId: string;
  /** Directory groups the catalog's AWS access entries name. */
  readonly groups: readonly string[];
  /** organization.yaml `aws.identityCenterInstanceArn`, when the catalog pins it. */
  readonly identityCenterInstanceArn?: string;
}

/** What the steps read more than once, read once. */
export class BootstrapContext {
  readonly global: AwsClients;
  readonly regional: AwsClients;
  readonly region: string;
  readonly managementAccountId: string;
  readonly groups: readonly string[];
  readonly identityCenterInstanceArnFromCatalog?: string;
  private caller?: Promise<{ account: string; partition: string }>;
  private instance?: Promise<{ arn: string; identityStoreId: string } | undefined>;
  /** The partition of the caller's ARN (`aws`, `aws-us-gov`, ...), once callerAccount() ran. */
  partition = 'aws';

  constructor(props: BootstrapContextProps) {
    this.global = props.global;
    this.regional = props.regional;
    this.region = props.region;
    this.managementAccountId = props.managementAccountId;
    this.groups = [...new Set(props.groups)].sort();
    this.identityCenterInstanceArnFromCatalog = props.identityCenterInstanceArn;
  }

  async callerAccount(): Promise<string> {
    this.caller ??= this.global.send('sts', new GetCallerIdentityCommand({})).then((o) => ({
      account: o.Account ?? '',
      partition: (o.Arn ?? 'arn:aws:').split(':')[1],
    }));
    const caller = await this.caller;
    this.partition = caller.partition;
    return caller.account;
  }

  async organizationId(): Promise<string | undefined> {
    return (await this.global.send('organizations', new DescribeOrganizationCommand({}))).Organization?.Id;
  }

  async rootId(): Promise<string | undefined> {
    return (await this.global.send('organizations', new ListRootsCommand({}))).Roots?.[0]?.Id;
  }

  /** The organization's Identity Center instance (the catalog's, when it names one). */
  identityCenter(): Promise<{ arn: string; identityStoreId: string } | undefined> {
    this.instance ??= this.regional.send('sso-admin', new ListInstancesCommand({})).then((o) => {
      const all = o.Instances ?? [];
      const found = this.identityCenterInstanceArnFromCatalog ? all.find((i) => i.InstanceArn === this.identityCenterInstanceArnFromCatalog) : all[0];
      return found?.InstanceArn && found.IdentityStoreId ? { arn: found.InstanceArn, identityStoreId: found.IdentityStoreId } : undefined;
    });
    return this.instance;
  }

  /** A directory group's id in the identity store, by display name; undefined when it does not exist. */
  async groupId(group: string): Promise<string | undefined> {
    const instance = await this.identityCenter();
    if (!instance) return undefined;
    const out = await this.regional
      .send('identitystore', new GetGroupIdCommand({
        IdentityStoreId: instance.identityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: 'DisplayName', AttributeValue: group } },
      }))
      .catch((err: { name?: string }) => (err.name === 'ResourceNotFoundException' ? undefined : Promise.reject(err)));
    return out?.GroupId;
  }
}
