/**
 * The loaded catalog: every file parsed and schema-checked, with where it came from so that any
 * later rule can point back at a file, line and field.
 */
import type { AzurePolicyDefaultValues } from './azure-policy-defaults';
import type { ControlSpec, OrganizationSpec, TemplateSpec, UnitSpec } from './schema';
import type { SourceFile } from './source-file';

export interface Sourced<T> {
  readonly spec: T;
  readonly source: SourceFile;
}

/** A guardrail with its per-cloud realizations read from policies/. */
export interface Control extends Sourced<ControlSpec> {
  /** The service control policy, when the control names one (`aws.scp`). */
  readonly scp?: IamPolicyFile;
  /** The resource control policy, when the control names one (`aws.rcp`). */
  readonly rcp?: IamPolicyFile;
  /** The EC2 declarative policy, when the control names one (`aws.declarative`). */
  readonly declarative?: DeclarativePolicyFile;
  /** Azure Policy definitions (the `properties` of a policyDefinitions resource), by file. */
  readonly azurePolicies: readonly AzurePolicyDefinition[];
}

/** An IAM-language organization policy file (an SCP or an RCP). */
export interface IamPolicyFile {
  readonly file: string;
  readonly document: { Version: string; Statement: unknown[] };
  /** The parsed file, for locating problems at their line; absent for documents built in memory. */
  readonly source?: SourceFile;
}

/** @deprecated the name before RCPs: an SCP is an IamPolicyFile. */
export type ScpDocument = IamPolicyFile;

/** A declarative policy file (management-policy syntax: `{ "ec2_attributes": { … } }`). */
export interface DeclarativePolicyFile {
  readonly file: string;
  readonly document: Record<string, unknown>;
  readonly source?: SourceFile;
}

export interface AzurePolicyDefinition {
  readonly file: string;
  /** A stable name derived from the file name, e.g. `deny-public-ip`. */
  readonly name: string;
  /** The parsed file, for locating problems; absent for definitions built in memory. */
  readonly source?: SourceFile;
  readonly properties: {
    displayName: string;
    description?: string;
    mode: string;
    parameters?: Record<string, unknown>;
    policyRule: { if: unknown; then: { effect: string; details?: unknown } };
    metadata?: Record<string, unknown>;
  };
}

export interface Catalog {
  /** The catalog directory the files were read from. */
  readonly root: string;
  readonly organization: Sourced<OrganizationSpec>;
  /** Units sorted by name, so that everything derived from them is independent of file order. */
  readonly units: readonly Sourced<UnitSpec>[];
  readonly templates: ReadonlyMap<string, Sourced<TemplateSpec>>;
  readonly controls: ReadonlyMap<string, Control>;
  /** Azure Policy parameters vend fills (policies/azure/policy-default-values.json). @default vend's own file */
  readonly azurePolicyDefaults?: AzurePolicyDefaultValues;
}
