/**
 * Token resolution that walks plain data itself and hands CDKTF only the parts that hold tokens.
 *
 * CDKTF's resolver (cdktf 0.21.0, lib/tokens/private/resolve.js) allocates a resolution context
 * and runs three regular expressions for every string, object key and array element it meets,
 * token or not. A subscription stack is ~45 KB of mostly plain JSON, so at 2,000 stacks that walk
 * was most of the synth time. Here plain values are copied by the same rules CDKTF applies to them
 * (undefined dropped from objects and arrays, everything else kept), and every value that may hold
 * a token goes to CDKTF's own `Tokenization.resolve`, so tokens resolve exactly as before:
 *   - strings containing a token marker (`${TfToken[`, `#{TfToken[`, `&{TfToken[` all contain
 *     `TfToken[`), or an exponent `e+` (a number token printed into a string is a double near
 *     -1.9e+289), or one of CDKTF's map-token placeholders (which CDKTF rejects with its error);
 *   - numbers that are number tokens, and CDKTF's number map-token placeholder;
 *   - arrays holding a list token; objects with a map-token key; anything resolvable (an object
 *     with a `resolve` method), a function, or a construct (which CDKTF rejects).
 * The test "resolveOnce gives CDKTF's resolution" compares both over real stacks.
 */
import type { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization, type IResolvable, type IResolveContext } from './cdktf';

/** CDKTF's placeholders for a map token in scalar context (cdktf lib/tokens/token.js). */
const MAP_TOKEN_STRINGS: ReadonlySet<string> = new Set([Token.STRING_MAP_TOKEN_VALUE, Token.ANY_MAP_TOKEN_VALUE]);

/**
 * Resolves like CDKTF's default resolver, and refuses a reference to another stack's element:
 * vend's stacks read each other only through remote state, and a direct reference would need
 * CDKTF's prepare pass (which SinglePassStack skips) to become a cross-stack output.
 */
class SameStackResolver extends DefaultTokenResolver {
  constructor(private readonly stack: TerraformStack) {
    super(new StringConcat());
  }

  override resolveToken(t: IResolvable, context: IResolveContext, postProcessor: Parameters<DefaultTokenResolver['resolveToken']>[2]): unknown {
    const origin = (t as { originStack?: unknown }).originStack;
    if (origin && origin !== this.stack) {
      throw new Error(
        `${this.stack.node.id}: a value refers to an element of stack ${String(origin)}; stacks share values only through ` +
          'remote-state outputs (lib/azure/tenant-outputs.ts), never by direct reference',
      );
    }
    return super.resolveToken(t, context, postProcessor);
  }
}

/** Resolves `value` in `stack`: equal to CDKTF's `resolve(stack, value)` outside its prepare pass. */
export function resolveOnce(stack: TerraformStack, value: unknown): unknown {
  const resolver = new SameStackResolver(stack);
  const viaCdktf = (v: unknown) => Tokenization.resolve(v, { scope: stack as IConstruct, resolver, preparing: false });
  return walk(value, viaCdktf);
}

function walk(value: unknown, viaCdktf: (v: unknown) => unknown): unknown {
  switch (typeof value) {
    case 'string':
      return mayHoldToken(value) ? viaCdktf(value) : value;
    case 'number':
      return value === Token.NUMBER_MAP_TOKEN_VALUE || Token.isUnresolved(value) ? viaCdktf(value) : value;
    case 'object':
      if (value === null || value instanceof Date) return value;
      if (Array.isArray(value)) return walkArray(value, viaCdktf);
      return walkObject(value as Record<string, unknown>, viaCdktf);
    case 'undefined':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return value;
    default:
      return viaCdktf(value); // functions: CDKTF reports them
  }
}

function walkArray(items: unknown[], viaCdktf: (v: unknown) => unknown): unknown {
  if (items.some((x) => (typeof x === 'string' && x.includes('TfToken[')) || (typeof x === 'number' && Token.isUnresolved(x)))) {
    return viaCdktf(items);
  }
  const out: unknown[] = [];
  for (const item of items) {
    const resolved = walk(item, viaCdktf);
    if (resolved !== undefined) out.push(resolved);
  }
  return out;
}

function walkObject(object: Record<string, unknown>, viaCdktf: (v: unknown) => unknown): unknown {
  if (typeof (object as { resolve?: unknown }).resolve === 'function' || isConstruct(object)) return viaCdktf(object);
  const keys = Object.keys(object);
  if (keys.some(mayHoldToken)) return viaCdktf(object);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = walk(object[key], viaCdktf);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

function mayHoldToken(s: string): boolean {
  return s.includes('TfToken[') || s.includes('e+') || MAP_TOKEN_STRINGS.has(s);
}

/** CDKTF's own test (a construct's node), so the same objects get CDKTF's error. */
function isConstruct(x: object): boolean {
  const o = x as { _children?: unknown; _metadata?: unknown };
  return o._children !== undefined && o._metadata !== undefined;
}
