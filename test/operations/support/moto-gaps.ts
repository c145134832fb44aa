/**
 * The calls `vend bootstrap aws` makes that moto 5.1 does not emulate, faked at the client-layer
 * boundary (AwsClients.send) while every other call goes to moto (documented in
 * `bash scripts/moto.sh gaps`):
 * - Organizations EnableAWSServiceAccess rejects `iam.amazonaws.com` (not in moto's list of
 *   trusted services), and ListAWSServiceAccessForOrganization cannot report it;
 * - Organizations EnablePolicyType knows neither RESOURCE_CONTROL_POLICY nor DECLARATIVE_POLICY_EC2,
 *   so ListRoots cannot report them;
 * - IAM has no ListOrganizationsFeatures / EnableOrganizationsRootCredentialsManagement /
 *   EnableOrganizationsRootSessions.
 * The fake keeps the same state machine the real APIs document: enabling is idempotent and the
 * list calls report what was enabled.
 */
import { AwsClients, type AwsService } from '../../../lib/operations/aws/clients';

const MOTO_UNKNOWN_SERVICES = new Set(['iam.amazonaws.com']);
const MOTO_UNKNOWN_POLICY_TYPES = new Set(['RESOURCE_CONTROL_POLICY', 'DECLARATIVE_POLICY_EC2']);

export interface FakeState {
  readonly services: Set<string>;
  readonly policyTypes: Set<string>;
  readonly rootFeatures: Set<string>;
  /** Every call seen, as `service:Operation`, in order. */
  readonly calls: string[];
}

export function emptyFakeState(): FakeState {
  return { services: new Set(), policyTypes: new Set(), rootFeatures: new Set(), calls: [] };
}

export class MotoWithGaps extends AwsClients {
  constructor(private readonly inner: AwsClients, readonly fake: FakeState) {
    super({ gate: inner.gate });
  }

  override inRegion(region: string): AwsClients {
    return new MotoWithGaps(this.inner.inRegion(region), this.fake);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async send<C extends object>(service: AwsService, command: C): Promise<any> {
    const operation = command.constructor.name.replace(/Command$/, '');
    this.fake.calls.push(`${service}:${operation}`);
    const input = (command as { input: Record<string, string> }).input;
    switch (`${service}:${operation}`) {
      case 'organizations:EnableAWSServiceAccess':
        if (!MOTO_UNKNOWN_SERVICES.has(input.ServicePrincipal)) break;
        this.fake.services.add(input.ServicePrincipal);
        return {};
      case 'organizations:ListAWSServiceAccessForOrganization': {
        const real: any = await this.inner.send(service, command as never); // eslint-disable-line @typescript-eslint/no-explicit-any
        const extra = [...this.fake.services].map((ServicePrincipal) => ({ ServicePrincipal }));
        return { ...real, EnabledServicePrincipals: [...(real.EnabledServicePrincipals ?? []), ...extra] };
      }
      case 'organizations:EnablePolicyType':
        if (!MOTO_UNKNOWN_POLICY_TYPES.has(input.PolicyType)) break;
        this.fake.policyTypes.add(input.PolicyType);
        return {};
      case 'organizations:ListRoots': {
        const real: any = await this.inner.send(service, command as never); // eslint-disable-line @typescript-eslint/no-explicit-any
        const extra = [...this.fake.policyTypes].map((Type) => ({ Type, Status: 'ENABLED' }));
        return { ...real, Roots: real.Roots?.map((r: { PolicyTypes?: unknown[] }) => ({ ...r, PolicyTypes: [...(r.PolicyTypes ?? []), ...extra] })) };
      }
      case 'iam:ListOrganizationsFeatures':
        return { EnabledFeatures: [...this.fake.rootFeatures] };
      case 'iam:EnableOrganizationsRootCredentialsManagement':
        this.fake.rootFeatures.add('RootCredentialsManagement');
        return {};
      case 'iam:EnableOrganizationsRootSessions':
        this.fake.rootFeatures.add('RootSessions');
        return {};
    }
    return this.inner.send(service, command as never);
  }

  override destroy(): void {
    this.inner.destroy();
  }
}
