/** Shared helpers for the AWS tests: synthesize once per file and read templates from the assembly. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { VendAwsApp, type VendAwsAppProps } from '../../lib/aws';
import { loadModel, type VendModel } from '../../lib/model';

export const CATALOG_DIR = path.join(__dirname, '..', '..', 'catalog');

export function bundledModel(): VendModel {
  return loadModel({ catalogDir: CATALOG_DIR });
}

export interface Synthesized {
  readonly vend: VendAwsApp;
  readonly assembly: CloudAssembly;
  /** Template of a main-app stack by name. */
  template(stackName: string): Template;
  /** Raw JSON template of a main-app stack. */
  json(stackName: string): CfnTemplate;
  /** Raw JSON of every main-app stack, by name. */
  all(): Map<string, CfnTemplate>;
  /** Template of a member-account (StackSet) template by library stack id, e.g. `SpaceBaseline`. */
  library(stackId: string): Template;
  libraryJson(stackId: string): CfnTemplate;
}

export interface CfnTemplate {
  Resources?: Record<string, { Type: string; Properties?: any; DependsOn?: string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string; Condition?: string }>;
  Parameters?: Record<string, any>;
  Conditions?: Record<string, any>;
  Outputs?: Record<string, any>;
}

export function synthesize(model: VendModel = bundledModel(), props: VendAwsAppProps = {}): Synthesized {
  const vend = new VendAwsApp(model, { outdir: mkdtempSync(path.join(tmpdir(), 'vend-aws-test-')), ...props });
  const assembly = vend.app.synth();
  const json = (name: string) => assembly.getStackByName(name).template as CfnTemplate;
  const libraryJson = (id: string) => {
    const stack = vend.library.app.node.findChild(id);
    return JSON.parse(vend.library.body(stack as never)) as CfnTemplate;
  };
  return {
    vend,
    assembly,
    json,
    template: (name) => Template.fromJSON(json(name) as Record<string, unknown>),
    all: () => new Map(assembly.stacks.map((s) => [s.stackName, s.template as CfnTemplate])),
    library: (id) => Template.fromJSON(libraryJson(id) as Record<string, unknown>),
    libraryJson,
  };
}

/** Resources of one type in a template, by logical id. */
export function resourcesOfType(template: CfnTemplate, type: string) {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}

/** The logical id that CDK gave a construct path suffix, e.g. `SpaceEuAcmeProd/Account`. */
export function logicalIdOf(template: CfnTemplate, type: string, predicate: (props: any) => boolean): string {
  const found = resourcesOfType(template, type).find(([, r]) => predicate(r.Properties ?? {}));
  if (!found) throw new Error(`no ${type} matching the predicate`);
  return found[0];
}

/**
 * What a `Fn::GetStackOutput` reads: the `Value` of the named output in the producer's template
 * (throws when the producer or the output is missing, so a dangling read fails the test).
 */
export function readThrough(synth: Synthesized, value: unknown): any {
  const ref = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } } | undefined)?.['Fn::GetStackOutput'];
  if (!ref) throw new Error(`not a Fn::GetStackOutput: ${JSON.stringify(value)}`);
  const output = synth.json(ref.StackName).Outputs?.[ref.OutputName];
  if (!output) throw new Error(`${ref.StackName} has no output ${ref.OutputName}`);
  return output.Value;
}
