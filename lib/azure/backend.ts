/**
 * Where each stack keeps its Terraform state, and how a stack reads another's outputs.
 *
 * Production: the azurerm backend, one blob per stack (`<stack>.tfstate`) in one container,
 * authenticated with OIDC workload identity federation and Entra ID data-plane auth, so neither the
 * pipeline nor the state needs a client secret or a storage key. Tests and local experiments: the
 * local backend (no credentials, nothing to reach).
 */
import type { Construct } from 'constructs';
import { AzurermBackend, DataTerraformRemoteStateAzurerm, DataTerraformRemoteStateLocal, LocalBackend } from './cdktf';
import type { TerraformRemoteState } from './cdktf';

export interface AzurermStateBackend {
  readonly kind: 'azurerm';
  readonly storageAccountName: string;
  /** @default 'tfstate' */
  readonly containerName?: string;
  /** Needed only by older Terraform versions; @default omitted */
  readonly resourceGroupName?: string;
  /** Subscription of the state account. @default the pipeline's ARM_SUBSCRIPTION_ID */
  readonly subscriptionId?: string;
  /** @default the pipeline's ARM_TENANT_ID */
  readonly tenantId?: string;
}

export interface LocalStateBackend {
  readonly kind: 'local';
}

export type StateBackend = AzurermStateBackend | LocalStateBackend;

/**
 * The backend from the environment: `VEND_AZURE_STATE_STORAGE_ACCOUNT` selects azurerm (with
 * `VEND_AZURE_STATE_CONTAINER`, `VEND_AZURE_STATE_RESOURCE_GROUP`, `VEND_AZURE_STATE_SUBSCRIPTION_ID`,
 * `VEND_AZURE_STATE_TENANT_ID`); without it, local state.
 */
export function stateBackendFromEnv(env: NodeJS.ProcessEnv = process.env): StateBackend {
  const account = env.VEND_AZURE_STATE_STORAGE_ACCOUNT;
  if (!account) return { kind: 'local' };
  return {
    kind: 'azurerm',
    storageAccountName: account,
    containerName: env.VEND_AZURE_STATE_CONTAINER || undefined,
    resourceGroupName: env.VEND_AZURE_STATE_RESOURCE_GROUP || undefined,
    subscriptionId: env.VEND_AZURE_STATE_SUBSCRIPTION_ID || undefined,
    tenantId: env.VEND_AZURE_STATE_TENANT_ID || undefined,
  };
}

function azurermConfig(backend: AzurermStateBackend, stack: string) {
  return {
    storageAccountName: backend.storageAccountName,
    containerName: backend.containerName ?? 'tfstate',
    key: `${stack}.tfstate`,
    resourceGroupName: backend.resourceGroupName,
    subscriptionId: backend.subscriptionId,
    tenantId: backend.tenantId,
    useOidc: true,
    useAzureadAuth: true,
  };
}

/** Local state file of a stack, relative to its stack directory (cdktf.out/stacks/<stack>). */
function localPath(stack: string): string {
  return `../../state/${stack}.tfstate`;
}

/** Configures the stack's own state. */
export function useBackend(stack: Construct, name: string, backend: StateBackend): void {
  if (backend.kind === 'azurerm') new AzurermBackend(stack, azurermConfig(backend, name));
  else new LocalBackend(stack, { path: localPath(name) });
}

/**
 * Reads another stack's outputs (`.get(output)`), wherever the backend keeps them. `defaults` are
 * the values of outputs the state does not have yet (a tenant that was never applied, in a plan):
 * terraform_remote_state's documented `defaults` argument.
 */
export function remoteState(scope: Construct, id: string, backend: StateBackend, of: string, defaults?: Record<string, unknown>): TerraformRemoteState {
  if (backend.kind === 'azurerm') return new DataTerraformRemoteStateAzurerm(scope, id, { ...azurermConfig(backend, of), defaults });
  return new DataTerraformRemoteStateLocal(scope, id, { path: localPath(of), defaults });
}
