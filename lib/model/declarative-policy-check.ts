/**
 * Checks an EC2 declarative policy against the attributes AWS documents for it ("Declarative policy
 * syntax and examples", docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html):
 * the fixed top-level key `ec2_attributes`, the known attributes and fields, and each field's
 * allowed values under the management-policy operator `@@assign`
 * (docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html).
 */
import { closest } from './did-you-mean';
import type { PolicyFinding } from './iam-policy-check';
import { placeholderFindings } from './iam-policy-check';

/** A field's allowed `@@assign` values, or a predicate for free-form values. */
type Field = readonly string[] | ((value: unknown) => string | undefined);
type Attribute = { readonly [field: string]: Field | Attribute };

const hopLimit: Field = (v) => (Number.isInteger(Number(v)) && Number(v) >= -1 && Number(v) <= 64 ? undefined : 'an integer from -1 to 64');
const text: Field = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'a non-empty string');
const anything: Field = () => undefined;

const EC2_ATTRIBUTES: Attribute = {
  exception_message: text,
  vpc_block_public_access: {
    internet_gateway_block: { mode: ['off', 'block_ingress', 'block_bidirectional'], exclusions_allowed: ['enabled', 'disabled'] },
  },
  serial_console_access: { status: ['enabled', 'disabled'] },
  image_block_public_access: { state: ['unblocked', 'block_new_sharing'] },
  allowed_images_settings: { state: ['enabled', 'disabled', 'audit_mode'], image_criteria: anything },
  instance_metadata_defaults: {
    http_tokens: ['no_preference', 'required', 'optional'],
    http_put_response_hop_limit: hopLimit,
    http_endpoint: ['no_preference', 'enabled', 'disabled'],
    instance_metadata_tags: ['no_preference', 'enabled', 'disabled'],
  },
  snapshot_block_public_access: { state: ['block_all_sharing', 'block_new_sharing', 'unblocked'] },
};

const CHILD_CONTROL = '@@operators_allowed_for_child_policies';

export function checkDeclarativePolicy(document: Record<string, unknown>): PolicyFinding[] {
  const findings = placeholderFindings(document, []);
  for (const [key, value] of Object.entries(document)) {
    if (key !== 'ec2_attributes') {
      findings.push({ path: [key], code: 'declarative-shape', message: `unknown service key '${key}' (declarative policies start with 'ec2_attributes')` });
      continue;
    }
    findings.push(...checkLevel(value, EC2_ATTRIBUTES, [key]));
  }
  return findings;
}

function checkLevel(value: unknown, schema: Attribute, path: PropertyKey[]): PolicyFinding[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path, code: 'declarative-shape', message: 'expected an object' }];
  }
  const findings: PolicyFinding[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === CHILD_CONTROL) continue;
    const expected = schema[key];
    if (expected === undefined) {
      const hint = closest(key, Object.keys(schema));
      findings.push({ path: [...path, key], code: 'declarative-shape', message: `unknown attribute '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}` });
    } else if (Array.isArray(expected) || typeof expected === 'function') {
      findings.push(...checkField(child, expected as Field, [...path, key]));
    } else {
      findings.push(...checkLevel(child, expected as Attribute, [...path, key]));
    }
  }
  return findings;
}

function checkField(value: unknown, field: Field, path: PropertyKey[]): PolicyFinding[] {
  const assign = value && typeof value === 'object' ? (value as Record<string, unknown>)['@@assign'] : undefined;
  if (assign === undefined) {
    return [{ path, code: 'declarative-shape', message: 'a field sets its value with { "@@assign": … }' }];
  }
  const problem = typeof field === 'function' ? field(assign) : field.includes(String(assign)) ? undefined : `one of ${field.join(', ')}`;
  if (!problem) return [];
  const hint = Array.isArray(field) ? closest(String(assign), field as readonly string[]) : undefined;
  return [{ path: [...path, '@@assign'], code: 'declarative-value', message: `'${String(assign)}' is not allowed here: expected ${problem}${hint ? ` (did you mean '${hint}'?)` : ''}` }];
}
