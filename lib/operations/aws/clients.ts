/**
 * The AWS side of the client layer: SDK clients with their own retries off (the gate retries), and
 * every request sent through the shared ApiGate under the name `<service>:<Operation>`.
 * Endpoints follow the SDK's standard `AWS_ENDPOINT_URL`; credentials the default provider chain.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ApiGate, type GateOptions } from '../client';

export type AwsService = 'organizations' | 'sso-admin' | 'cloudformation' | 'iam' | 'ec2' | 'sts' | 'ssm' | 'identitystore';

/** The output type of an SDK v3 command, read from its middleware handler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OutputOf<C> = C extends { resolveMiddleware(...args: any[]): (...a: any[]) => Promise<{ output: infer O }> } ? O : never;

interface AnyClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
  destroy(): void;
}

export interface AwsClientOptions {
  /** @default AWS_REGION, else us-east-1 (Organizations is a global service served from us-east-1) */
  readonly region?: string;
  /** @default AWS_ENDPOINT_URL (read by the SDK itself) */
  readonly endpoint?: string;
  /** Shared with other clouds' clients when given. @default a new gate with the published limits */
  readonly gate?: ApiGate;
  readonly gateOptions?: GateOptions;
  /** Explicit credentials (assumed-role sessions); @default the SDK's default provider chain */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export class AwsClients {
  readonly gate: ApiGate;
  private readonly clients = new Map<AwsService, AnyClient>();

  constructor(private readonly options: AwsClientOptions = {}) {
    this.gate = options.gate ?? new ApiGate(options.gateOptions);
  }

  /** Sends one command through the gate; retried on throttling / transient errors only. */
  send<C extends object>(service: AwsService, command: C): Promise<OutputOf<C>> {
    const operation = command.constructor.name.replace(/Command$/, '');
    const client = this.client(service);
    return this.gate.call(`${service}:${operation}`, () => client.send(command), { mutating: isMutating(service, operation) });
  }

  /** Clients acting in another account (assumed-role credentials), sharing this gate. */
  withCredentials(credentials: NonNullable<AwsClientOptions['credentials']>, region?: string): AwsClients {
    return new AwsClients({ ...this.options, gate: this.gate, credentials, ...(region ? { region } : {}) });
  }

  /** The same credentials and gate, another region. */
  inRegion(region: string): AwsClients {
    return new AwsClients({ ...this.options, gate: this.gate, region });
  }

  /** Clients acting in `accountId` through `roleName` (the organization's member-account role). */
  async assume(accountId: string, roleName: string, sessionName: string, region?: string): Promise<AwsClients> {
    const out = await this.send('sts', new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: sessionName.slice(0, 64) }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`could not assume ${roleName} in ${accountId}`);
    return this.withCredentials({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }, region);
  }

  /** The resolved endpoint override, if any (for raw requests to an emulator). */
  get endpoint(): string | undefined {
    return this.options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  }

  get credentials(): AwsClientOptions['credentials'] {
    return this.options.credentials;
  }

  /** Who is calling: the ARN from STS GetCallerIdentity. */
  async callerArn(): Promise<string | undefined> {
    const out = await this.send('sts', new GetCallerIdentityCommand({}));
    return out.Arn;
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }

  private client(service: AwsService): AnyClient {
    let c = this.clients.get(service);
    if (c) return c;
    const config = {
      region: this.options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      maxAttempts: 1,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
    };
    switch (service) {
      case 'organizations':
        c = new OrganizationsClient(config);
        break;
      case 'sso-admin':
        c = new SSOAdminClient(config);
        break;
      case 'cloudformation':
        c = new CloudFormationClient(config);
        break;
      case 'iam':
        c = new IAMClient(config);
        break;
      case 'ec2':
        c = new EC2Client(config);
        break;
      case 'sts':
        c = new STSClient(config);
        break;
      case 'ssm':
        c = new SSMClient(config);
        break;
      case 'identitystore':
        c = new IdentitystoreClient(config);
        break;
    }
    this.clients.set(service, c);
    return c;
  }
}

/** Collects every page of a paginated AWS call. */
export async function allPages<T, O extends { NextToken?: string }>(
  fetch: (token: string | undefined) => Promise<O>,
  items: (page: O) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(items(page) ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/** Everything but reads: List*, Describe*, Get*, and STS (whose calls change nothing). */
export function isMutating(service: AwsService, operation: string): boolean {
  return service !== 'sts' && !/^(List|Describe|Get|Validate)/.test(operation);
}
