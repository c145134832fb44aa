/**
 * Which tag keys a catalog may set. vend writes its own `vend:*` tags on every account and
 * subscription (naming.ts), and the clouds reserve or forbid some keys:
 * - AWS: "Do not use aws:, AWS:, or any upper or lowercase combination of such as a prefix for
 *   either keys or values as it is reserved for AWS use"
 *   (docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html, "Tag naming limits and requirements").
 * - Azure: "Tag names can't contain these characters: <, >, %, &, \, ?, /"
 *   (learn.microsoft.com/azure/azure-resource-manager/management/tag-resources, "Limitations").
 */
import { TAG_BASELINE, TAG_ENVIRONMENT, TAG_KIND, TAG_OWNERS, TAG_UNIT } from './naming';
import type { Cloud } from './schema';

/** The tags vend sets itself; a catalog value would be overwritten without a word. */
export const VEND_TAGS: readonly string[] = [TAG_UNIT, TAG_KIND, TAG_ENVIRONMENT, TAG_OWNERS, TAG_BASELINE];
export const VEND_TAG_PREFIX = 'vend:';
const AZURE_FORBIDDEN = /[<>%&\\?/]/;

/**
 * Why a tag key may not be used, or undefined when it may. Units may set no `vend:` key at all;
 * templates (shipped with vend) may add `vend:` keys other than the ones vend writes itself.
 */
export function tagKeyProblem(key: string, clouds: readonly Cloud[], origin: 'unit' | 'template'): string | undefined {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:') && clouds.includes('aws')) return `'${key}': the aws: prefix is reserved by AWS`;
  if (VEND_TAGS.includes(lower)) return `'${key}' is set by vend itself and would be overwritten`;
  if (lower.startsWith(VEND_TAG_PREFIX) && origin === 'unit') return `'${key}': the vend: prefix is reserved for vend's own tags`;
  if (clouds.includes('azure') && AZURE_FORBIDDEN.test(key)) return `'${key}': Azure tag names cannot contain < > % & \\ ? /`;
  return undefined;
}
