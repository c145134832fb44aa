/**
 * Turns schema failures into located diagnostics. Unknown keys are errors (never silently dropped)
 * and come with a "did you mean" hint from the keys the schema knows at that place.
 */
import { z } from 'zod';
import type { Diagnostic } from './diagnostic';
import { closest } from './did-you-mean';
import type { SourceFile } from './source-file';

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; additionalProperties?: unknown };

const jsonSchemas = new WeakMap<z.ZodType, JsonSchema>();

export function checkSchema<T extends z.ZodType>(
  schema: T,
  value: unknown,
  source: SourceFile,
): { value?: z.infer<T>; problems: Diagnostic[] } {
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data, problems: [] };
  const problems: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(propertiesAt(schema, path));
      for (const key of issue.keys) {
        const hint = closest(key, known);
        problems.push(
          source.at([...path, key], 'unknown-key', `unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`),
        );
      }
      continue;
    }
    problems.push(source.at(path, 'schema', messageOf(issue, value, path)));
  }
  return { problems };
}

/**
 * vend's own wording for every schema failure: the validation library's texts ("Too small: expected
 * array to have >=1 items", "Invalid key in record") never reach a user.
 */
function messageOf(issue: z.core.$ZodIssue, root: unknown, path: readonly PropertyKey[]): string {
  const value = valueAt(root, path);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && value === undefined) return 'is required';
  if (issue.code === 'too_small' || issue.code === 'too_big') return sizeMessage(issue, value);
  // a record key that fails its own check: report that check's message, not "Invalid key in record"
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1]);
    return `key '${key}': ${issue.issues.map((i) => messageOf(i, key, [])).join('; ')}`;
  }
  if (issue.code === 'invalid_type') return typeMessage(issue.expected, value);
  // a pattern the schema gives no wording of its own ("Invalid string: must match pattern …")
  if (issue.code === 'invalid_format' && issue.message.startsWith('Invalid ')) {
    return `'${String(value)}' does not match ${issue.format === 'regex' && 'pattern' in issue ? String(issue.pattern) : `the ${issue.format} format`}`;
  }
  if (issue.code === 'invalid_union') return unionMessage(issue, value);
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    const allowed = issue.values.map(String);
    const hint = typeof value === 'string' ? closest(value, allowed) : undefined;
    return `'${String(value)}' is not one of ${allowed.join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}`;
  }
  if (issue.code === 'invalid_value' && issue.values.length === 1) return `must be '${String(issue.values[0])}'`;
  return issue.message.replace(/^Invalid input: /, '');
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const bound = small ? 'at least' : 'at most';
  if (issue.origin === 'array') {
    return `${bound} ${limit} ${limit === 1 ? 'entry' : 'entries'} needed${Array.isArray(value) ? ` (found ${value.length})` : ''}`;
  }
  if (issue.origin === 'string') {
    const length = typeof value === 'string' ? value.length : undefined;
    return `must be ${bound} ${limit} ${limit === 1 ? 'character' : 'characters'}${length === undefined ? '' : ` (found ${length})`}`;
  }
  return `must be ${small ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than'} ${limit}`;
}

/** None of a union's forms: the types it takes, when each form failed on its type ("Invalid input" otherwise). */
function unionMessage(issue: z.core.$ZodIssueInvalidUnion, value: unknown): string {
  const expected = issue.errors.map((form) => (form.length === 1 && form[0].code === 'invalid_type' ? form[0].expected : undefined));
  if (expected.some((e) => e === undefined)) return 'is none of the forms allowed here';
  const wanted = expected.map((e) => TYPE_NAMES[e!] ?? e!);
  return `must be ${wanted.join(' or ')}, found ${foundName(value)}`;
}

const TYPE_NAMES: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping' };

function foundName(value: unknown): string {
  return value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** Wrong YAML type; the usual cause is an unquoted number where text is expected (ids, cost centers). */
function typeMessage(expected: string, value: unknown): string {
  const found = foundName(value);
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `must be text, found ${found}; quote it: "${String(value)}"`;
  }
  return `must be ${TYPE_NAMES[expected] ?? expected}, found ${found}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The properties the schema declares for the object at `path`. */
function propertiesAt(schema: z.ZodType, path: readonly PropertyKey[]): Record<string, JsonSchema> {
  let node: JsonSchema | undefined = jsonSchemaOf(schema);
  for (const key of path) {
    node = unwrap(node);
    if (!node) return {};
    node = typeof key === 'number' ? node.items : node.properties?.[String(key)];
  }
  return unwrap(node)?.properties ?? {};
}

function unwrap(node: JsonSchema | undefined): JsonSchema | undefined {
  return node?.anyOf?.find((s) => s.properties || s.items) ?? node;
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let cached = jsonSchemas.get(schema);
  if (!cached) {
    cached = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
    jsonSchemas.set(schema, cached);
  }
  return cached;
}
