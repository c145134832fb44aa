/**
 * The lifecycle state machine as data: for each cloud, the ordered steps that take a unit out of
 * service, each saying where it runs (the IaC deploy or the `vend decommission` CLI), as which
 * principal, with the unit in which part of the hierarchy at that moment, how the real state is
 * read, what the step does, and every API call it makes. The CLI runs its steps from this data;
 * the IaC steps are checked, never acted on, by the CLI; the calls are what an evaluation against
 * the guardrails of the step's placement proves allowed for vend and denied for a tenant.
 */
import type { Cloud } from '../schema';

/** Where a step runs: the IaC deploy (cdk deploy / terraform apply) or the decommission CLI. */
export type StepRunner = 'iac' | 'cli';

/**
 * Who makes a step's calls.
 * - `management-pipeline`: the pipeline role in the AWS management account (SCPs never apply there).
 * - `member-access-role`: OrganizationAccountAccessRole inside a member account, assumed from the
 *   management account.
 * - `stacksets-execution`: the StackSets execution role in a member account. vend's StackSets are
 *   self-managed with ExecutionRoleName OrganizationAccountAccessRole (model/aws-deployment.ts), so
 *   this is the same role as `member-access-role`, acting for the deploy.
 * - `azure-pipeline`: the Azure pipeline identity (workload identity of the deploy pipeline).
 */
export type LifecyclePrincipal = 'management-pipeline' | 'member-access-role' | 'stacksets-execution' | 'azure-pipeline';

/** Where the unit's account or subscription sits while the step runs. */
export type UnitPlacement = 'home' | 'quarantine';

/**
 * Whose resource a call acts on: the management account / tenant, the unit's own account or
 * subscription, or the account of the PoP the unit (a Space) reaches. A `unit` or `pop` call made
 * by a member-account principal is what the guardrails of that account's placement govern.
 */
export type CallTarget = 'management' | 'unit' | 'pop';

/** One API call a step makes, as an IAM action (AWS) or ARM operation (Azure) and resource pattern. */
export interface LifecycleCall {
  /** `iam:UpdateAssumeRolePolicy`, `Microsoft.Authorization/roleAssignments/delete`. */
  readonly action: string;
  /**
   * Resource pattern with placeholders `${Partition}`, `${ManagementAccount}`, `${UnitAccount}`,
   * `${PopAccount}`, `${Region}`, `${SubscriptionId}`; `*` where the API takes no resource.
   */
  readonly resource: string;
  /** The account or scope whose resource the call acts on. */
  readonly target: CallTarget;
  /** The principal that makes the request. */
  readonly principal: LifecyclePrincipal;
  /** `read` calls only inspect; `write` calls change something. */
  readonly access: 'read' | 'write';
}

/** The units a step concerns. `aws-pop-space`: Spaces that reach an AWS PoP. */
export type StepScope = 'all' | 'aws-pop-space';

export interface LifecycleStep {
  /** Stable id, also the ledger action suffix (`decommission.<id>`). */
  readonly id: string;
  readonly cloud: Cloud;
  readonly title: string;
  readonly runs: StepRunner;
  /** The principal that acts in this step (for IaC steps: the one the deploy acts as). */
  readonly principal: LifecyclePrincipal;
  /** The unit's placement while the step acts; for a step that moves the unit, where it ends up. */
  readonly placement: UnitPlacement;
  readonly scope: StepScope;
  /** How the real state is read (what the CLI checks before and after). */
  readonly check: string;
  /** What the step does: for IaC steps what the deploy declares, for CLI steps what it changes. */
  readonly act: string;
  /** IaC steps: what to deploy when the check finds the step not yet done. */
  readonly deploy?: string;
  /** Steps that must have reached their target state before this one may act. */
  readonly requires: readonly string[];
  /** Every call the CLI makes for this step: the check's reads and, for CLI steps, the act's writes. */
  readonly calls: readonly LifecycleCall[];
  /**
   * IaC steps: the calls the deploy itself makes in member accounts (as the StackSets execution
   * role), which the guardrails of the account's placement at that moment must allow. @default none
   */
  readonly deployCalls?: readonly LifecycleCall[];
  /**
   * IaC steps: the deploy deletes a vend stack in a member account, so it also makes the delete
   * calls of every resource that stack's template declares (stack-deletion.ts): `unit-baseline` the
   * unit's baseline stack, `pop-access` the PoP-access stack in the PoP's account. @default none
   */
  readonly deployDeletes?: 'unit-baseline' | 'pop-access';
}
