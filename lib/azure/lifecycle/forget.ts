/**
 * Terraform `removed` blocks: how a stack stops managing a resource without destroying it.
 *
 * "To remove a resource from Terraform state without destroying it, replace the resource block with
 * a removed block" with `lifecycle { destroy = false }` (developer.hashicorp.com/terraform/language/
 * state/remove; block reference: /terraform/language/block/removed; Terraform v1.7.0 and later).
 * Dropping a resource block without one destroys the resource, whatever its `prevent_destroy` said
 * ("This rule doesn't prevent Terraform from destroying the resource if you remove the resource
 * configuration", /terraform/language/meta-arguments/lifecycle). Checked with Terraform 1.11 on
 * built-in `terraform_data` resources: the plan forgets a resource in state without destroying it,
 * a `removed` block whose resource is not in state is a no-op, and one whose resource is still
 * declared is an error ("Removed resource still exists").
 *
 * CDKTF has no construct for the block, so it is written as a stack-level override (the escape
 * hatch every `TerraformStack` has); each stack keeps one sorted list.
 */
import type { TerraformStack } from '../cdktf';

/** The Terraform versions that know `removed` blocks. */
export const REMOVED_BLOCKS_TERRAFORM_VERSION = '>= 1.7.0';

export interface RemovedBlock {
  readonly from: string;
  readonly lifecycle: { readonly destroy: false };
}

const forgotten = new WeakMap<TerraformStack, Set<string>>();

/** Makes `stack` forget (never destroy) the resources at `addresses` (`<type>.<name>`). */
export function forget(stack: TerraformStack, addresses: readonly string[]): void {
  const all = forgotten.get(stack) ?? new Set<string>();
  for (const a of addresses) {
    if (!/^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/.test(a)) throw new Error(`'${a}' is not a resource address (<type>.<name>)`);
    all.add(a);
  }
  forgotten.set(stack, all);
  const blocks: RemovedBlock[] = [...all].sort().map((from) => ({ from, lifecycle: { destroy: false } }));
  stack.addOverride('removed', blocks);
  stack.addOverride('terraform.required_version', REMOVED_BLOCKS_TERRAFORM_VERSION);
}
