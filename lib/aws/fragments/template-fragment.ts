import { CfnElement } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * Part of a stack's template written as data: resources (or outputs) that aws-cdk-lib merges into
 * the template like any element's, resolving the tokens they hold, without a construct per
 * resource. For the layers with thousands of plain resources (the accounts shards: an account
 * and its Identity Center assignments per unit), where a `CfnResource` per resource cost about
 * three times the synthesis of the same JSON (lib/aws/README.md, Performance). What a construct
 * gives is then vend's to keep: ids at the paths a construct would have had (logical-id.ts), one
 * resource per id (a second is refused), and no aspect or cdk-nag rule sees these resources (none
 * of aws-cdk-lib's or cdk-nag's AWS Solutions rules covers the types written this way).
 */
export class TemplateFragment extends CfnElement {
  private readonly entries: Record<string, unknown> = {};

  constructor(
    scope: Construct,
    id: string,
    private readonly section: 'Resources' | 'Outputs',
  ) {
    super(scope, id);
  }

  /** Adds `value` under `logicalId`; throws if the id is taken in this fragment. */
  add(logicalId: string, value: unknown): void {
    if (logicalId in this.entries) throw new Error(`${this.stack.stackName}: two ${this.section} entries with logical id '${logicalId}'`);
    this.entries[logicalId] = value;
  }

  /** @internal */
  _toCloudFormation(): object {
    return Object.keys(this.entries).length ? { [this.section]: this.entries } : {};
  }
}
