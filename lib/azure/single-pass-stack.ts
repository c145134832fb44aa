/**
 * A TerraformStack that resolves its tokens once.
 *
 * CDKTF 0.21.0 resolves every element of a stack three times on `app.synth()`: once in
 * `prepareStack()` (only so that a direct reference to another stack's element can grow a
 * cross-stack output), once per element in `toTerraform()`, and once more over the merged document.
 * vend's stacks never refer to each other directly (they read the tenant stack through remote
 * state), so the prepare pass only has to make sure a backend exists, and a direct reference is
 * refused with an error instead (resolve-once.ts). `toTerraform()` builds the same document as
 * CDKTF's (lib/terraform-stack.js: metadata, outputs map, fragments merged in element order,
 * overrides last), with `resolveOnce` instead of CDKTF's resolver. CDKTF's App, synthesizer,
 * manifest and file writing are unchanged. The test "SinglePassStack writes what TerraformStack
 * writes" synthesizes real stacks both ways and compares them byte for byte.
 */
import type { IConstruct } from 'constructs';
import { deepMerge, TerraformElement, TerraformOutput, TerraformStack } from './cdktf';
import { resolveOnce } from './resolve-once';

export class SinglePassStack extends TerraformStack {
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  override toTerraform(): Record<string, unknown> {
    // Private in CDKTF's typings; read exactly as its own toTerraform reads them.
    const internals = this as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
    const elements = stackElements(this);
    const metadata: Record<string, unknown> = {
      version: internals.cdktfVersion,
      stackName: this.node.id,
      backend: 'local', // a backend's metadata overwrites this
      cloud: undefined,
      ...(Object.keys(internals.rawOverrides).length > 0 ? { overrides: { stack: Object.keys(internals.rawOverrides) } } : {}),
    };
    for (const meta of elements.map((e) => resolveOnce(this, e.toMetadata()))) deepMerge(metadata, meta);
    const tf: Record<string, unknown> = { '//': { metadata, outputs: outputIds(elements) } };
    for (const fragment of elements.map((e) => resolveOnce(this, e.toTerraform()))) deepMerge(tf, fragment);
    // The merged document is already resolved; only overrides can add tokens to it again.
    if (Object.keys(internals.rawOverrides).length === 0) return tf;
    deepMerge(tf, internals.rawOverrides);
    return resolveOnce(this, tf) as Record<string, unknown>;
  }
}

/** The stack's elements in construct order, not descending into nested stacks (as CDKTF does). */
function stackElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) stackElements(child, into);
  }
  return into;
}

/** `{ <construct path parts…>: <output's logical id> }` for every output, as CDKTF's metadata has it. */
function outputIds(elements: readonly TerraformElement[]): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  for (const item of elements) {
    if (!TerraformOutput.isTerraformOutput(item)) continue;
    const nested = item.node.path
      .split('/')
      .reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {});
    deepMerge(outputs, nested);
  }
  return outputs;
}
