/**
 * The only module that imports the CDKTF core library.
 *
 * CDKTF is end-of-life upstream. Everything in lib/azure (and its tests) takes the core constructs
 * from here, so moving to the maintained fork is a change to this one file: swap the module name
 * below (and the `cdktf` dependency in package.json). Provider resource classes
 * (`@cdktf/provider-azurerm/lib/<resource>`) are imported where they are used.
 */
export {
  App,
  AzurermBackend,
  DataTerraformRemoteStateAzurerm,
  DataTerraformRemoteStateLocal,
  DefaultTokenResolver,
  Fn,
  Lazy,
  LocalBackend,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
  Tokenization,
} from 'cdktf';
export type { IResolvable, IResolveContext, ITerraformDependable, TerraformResourceLifecycle, TerraformRemoteState } from 'cdktf';
// CDKTF's own merge of element fragments (not in its public index; cdktf is pinned at 0.21.0, the
// last release). SinglePassStack merges exactly as TerraformStack does.
export { deepMerge } from 'cdktf/lib/util';
// Type-only: brings CDKTF's jest matcher declarations (`toHaveResourceWithProperties`, …) to tests.
import type {} from 'cdktf/lib/testing/adapters/jest';

/**
 * The two CDKTF-internals workarounds below, both on. Only the bench's ablation cases
 * (bench/azure-ablation.ts) switch one off, to measure what each buys at scale.
 */
export const CDKTF_WORKAROUNDS = { tokenScope: true, noTokenTraces: true };

/**
 * Runs `fn` with a fresh CDKTF token registry and drops it afterwards, restoring the caller's.
 * CDKTF keeps every token ever created (with its creation stack trace) in one process-wide map;
 * synthesizing thousands of stacks in batches with a registry per batch keeps memory flat. Only
 * safe when every token `fn` creates is resolved inside `fn` (a batch synthesizes its own app).
 */
export function withTokenScope<T>(fn: () => T): T {
  const holder = globalThis as { __cdktfTokenMap?: TokenRegistry };
  const registry = holder.__cdktfTokenMap;
  if (!CDKTF_WORKAROUNDS.tokenScope) return withoutTokenTraces(fn);
  if (!registry?.stringTokenMap || !registry.numberTokenMap) {
    // No token exists yet, so the caller has none to keep: drop whatever fn registered.
    try {
      return withoutTokenTraces(fn);
    } finally {
      holder.__cdktfTokenMap?.stringTokenMap?.clear();
      holder.__cdktfTokenMap?.numberTokenMap?.clear();
    }
  }
  const saved = [new Map(registry.stringTokenMap), new Map(registry.numberTokenMap)] as const;
  registry.stringTokenMap.clear();
  registry.numberTokenMap.clear();
  try {
    return withoutTokenTraces(fn);
  } finally {
    registry.stringTokenMap.clear();
    registry.numberTokenMap.clear();
    for (const [k, v] of saved[0]) registry.stringTokenMap.set(k, v);
    for (const [k, v] of saved[1]) registry.numberTokenMap.set(k, v);
  }
}

/** The parts of CDKTF's internal token registry that withTokenScope touches. */
interface TokenRegistry {
  readonly stringTokenMap?: Map<unknown, unknown>;
  readonly numberTokenMap?: Map<unknown, unknown>;
}

/**
 * Every CDKTF token (and every construct metadata entry) records its creation stack trace, only to
 * decorate errors about it; capturing and formatting those traces was a third of synth time at
 * 2,000 stacks. While `fn` runs, traces captured onto plain objects (how CDKTF and constructs
 * record them) are left empty; real errors keep their usual stack.
 */
function withoutTokenTraces<T>(fn: () => T): T {
  if (!CDKTF_WORKAROUNDS.noTokenTraces) return fn();
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, below?: Function) => {
    if (target instanceof Error) capture(target, below);
    else (target as { stack?: string }).stack = '';
  };
  try {
    return fn();
  } finally {
    Error.captureStackTrace = capture;
  }
}
