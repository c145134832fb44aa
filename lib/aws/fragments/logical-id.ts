import { createHash } from 'node:crypto';

/**
 * The logical id aws-cdk-lib allocates to a resource at `path` below its stack (the construct ids
 * from the stack's child down to the resource), for resources vend writes as data
 * (template-fragment.ts) where aws-cdk-lib would have placed a construct. aws-cdk-lib's rule
 * (core/lib/private/uniqueid.js, makeUniqueId, reached through Stack.allocateLogicalId): drop
 * `Default` components; a single component is used as is, letters and digits only; otherwise the
 * components (consecutive repeats dropped, `Resource` hidden, letters and digits only, at most
 * 240 characters) followed by the first 8 hex digits, upper case, of the MD5 of the path joined
 * by `/`. The hash is what keeps a deployed resource's identity: a different id would make
 * CloudFormation replace it, which for an account means creating a second one. Test: "logical
 * ids" compares this with the ids aws-cdk-lib gives `CfnResource`s at the same paths.
 */
export function logicalIdAt(path: readonly string[]): string {
  const components = path.filter((c) => c !== 'Default');
  if (components.length === 0) throw new Error('a logical id needs at least one path component');
  if (components.length === 1) {
    const candidate = alphanumeric(components[0]);
    if (candidate.length <= MAX_ID_LENGTH) return candidate;
  }
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, HASH_LENGTH).toUpperCase();
  const human = withoutRepeats(components)
    .filter((c) => c !== 'Resource')
    .map(alphanumeric)
    .join('')
    .slice(0, MAX_HUMAN_LENGTH);
  return human + hash;
}

const HASH_LENGTH = 8;
const MAX_HUMAN_LENGTH = 240;
const MAX_ID_LENGTH = 255;

function alphanumeric(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '');
}

/** aws-cdk-lib drops a component that the one before it ends with (`Bucket/Bucket` → `Bucket`). */
function withoutRepeats(path: readonly string[]): string[] {
  const kept: string[] = [];
  for (const c of path) if (kept.length === 0 || !kept[kept.length - 1].endsWith(c)) kept.push(c);
  return kept;
}
