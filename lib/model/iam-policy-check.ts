/**
 * Checks an SCP or RCP document against the IAM policy grammar and the IAM service authorization
 * reference (lib/model/iam-reference.ts): every action and condition key must exist, a condition
 * on a key an action never carries is reported (it would never match, so the statement would
 * silently not apply), and RCP-only rules hold. Findings carry the JSON path of the offending
 * element so the caller can point at its line.
 *
 * Grammar: docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html; SCP syntax:
 * docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html (no
 * Principal); RCP syntax: docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 * (`"Principal": "*"`, Deny only, only the services RCPs support).
 */
import { closest } from './did-you-mean';
import {
  actionConditionKeys,
  actionNames,
  conditionKeyCandidates,
  findConditionKey,
  iamServices,
  keyMatches,
  matchingActions,
  rcpServices,
  serviceExists,
} from './iam-reference';
import { POLICY_PLACEHOLDERS } from './render-policy';

export interface PolicyFinding {
  readonly path: PropertyKey[];
  readonly code: string;
  readonly message: string;
}

const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnNotEquals', 'ArnLike', 'ArnNotLike',
];
const OPERATORS = [...BASE_OPERATORS, ...BASE_OPERATORS.map((o) => `${o}IfExists`), 'Null'];

/** Global keys whose presence depends on the action's resource types, like service keys. */
const SCOPED_GLOBAL_KEY = /^aws:(ResourceTag\/|RequestTag\/|TagKeys$)/i;

export type IamPolicyKind = 'scp' | 'rcp';

export function checkIamPolicy(document: unknown, kind: IamPolicyKind): PolicyFinding[] {
  const findings = placeholderFindings(document, []);
  const statements = (document as { Statement?: unknown }).Statement;
  if (!Array.isArray(statements)) return [...findings, { path: ['Statement'], code: 'policy-shape', message: 'Statement must be a list' }];
  statements.forEach((statement, i) => findings.push(...checkStatement(statement, kind, ['Statement', i])));
  return findings;
}

function checkStatement(statement: unknown, kind: IamPolicyKind, at: PropertyKey[]): PolicyFinding[] {
  if (!statement || typeof statement !== 'object' || Array.isArray(statement)) {
    return [{ path: at, code: 'policy-shape', message: 'a statement is an object' }];
  }
  const s = statement as Record<string, unknown>;
  const findings: PolicyFinding[] = [];
  const shape = (path: PropertyKey[], message: string) => findings.push({ path: [...at, ...path], code: 'policy-shape', message });
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') shape(['Effect'], 'Effect must be Allow or Deny');
  if (kind === 'rcp') {
    if (s.Effect === 'Allow') shape(['Effect'], 'an RCP denies: only the AWS-managed RCPFullAWSAccess allows');
    if (s.Principal !== '*') shape(['Principal'], 'an RCP statement needs "Principal": "*"');
    if ('NotPrincipal' in s) shape(['NotPrincipal'], 'an RCP cannot use NotPrincipal');
  } else if ('Principal' in s || 'NotPrincipal' in s) {
    shape(['Principal' in s ? 'Principal' : 'NotPrincipal'], 'an SCP has no Principal: it applies to the principals of the accounts it is attached to');
  }
  const actionKey = 'Action' in s ? 'Action' : 'NotAction' in s ? 'NotAction' : undefined;
  if (!actionKey || ('Action' in s && 'NotAction' in s)) shape([], 'a statement has exactly one of Action and NotAction');
  if (!('Resource' in s) && !('NotResource' in s)) shape([], 'a statement has Resource or NotResource');
  const actions = actionKey ? list(s[actionKey]) : [];
  actions.forEach((action, j) => {
    const path = [...at, actionKey!, ...(Array.isArray(s[actionKey!]) ? [j] : [])];
    findings.push(...checkAction(action, kind, path));
  });
  if (s.Condition !== undefined) {
    const explicit = actionKey === 'Action' ? (actions.filter(isExplicitKnownAction) as string[]) : [];
    findings.push(...checkCondition(s.Condition, explicit as string[], [...at, 'Condition']));
  }
  return findings;
}

function checkAction(action: unknown, kind: IamPolicyKind, path: PropertyKey[]): PolicyFinding[] {
  const bad = (message: string) => [{ path, code: 'unknown-action', message }];
  if (typeof action !== 'string') return bad('an action is a string');
  if (action === '*') return [];
  const colon = action.indexOf(':');
  if (colon <= 0) return bad(`'${action}' is not service:Action`);
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service)) return bad(`'${action}': a service prefix cannot contain a wildcard; name each service's action (iam:TagRole, kms:TagResource, …)`);
  if (!serviceExists(service)) {
    const hint = closest(service, iamServices());
    return bad(`unknown service '${service}' in '${action}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
  }
  if (kind === 'rcp' && !rcpServices().includes(service.toLowerCase())) {
    return [{ path, code: 'rcp-service', message: `RCPs do not apply to '${service}' (orgs_manage_policies_rcps.html lists the supported services)` }];
  }
  if (matchingActions(service, name).length > 0) return [];
  const hint = closest(name, actionNames(service));
  return bad(`'${action}' is not an action of ${service}${hint ? ` (did you mean '${service}:${hint}'?)` : ''}`);
}

function checkCondition(condition: unknown, explicitActions: string[], at: PropertyKey[]): PolicyFinding[] {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
    return [{ path: at, code: 'policy-shape', message: 'Condition is an object of operators' }];
  }
  const findings: PolicyFinding[] = [];
  for (const [operator, block] of Object.entries(condition)) {
    const base = operator.replace(/^For(All|Any)Value:/, '');
    if (!OPERATORS.includes(base)) {
      const hint = closest(base, OPERATORS);
      findings.push({ path: [...at, operator], code: 'unknown-operator', message: `unknown condition operator '${operator}'${hint ? ` (did you mean '${hint}'?)` : ''}` });
      continue;
    }
    if (!block || typeof block !== 'object') continue;
    for (const key of Object.keys(block)) {
      const path = [...at, operator, key];
      const known = findConditionKey(key);
      if (!known) {
        const hint = closest(key, conditionKeyCandidates(key));
        findings.push({ path, code: 'unknown-condition-key', message: `unknown condition key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}` });
        continue;
      }
      const toleratesAbsence = base.endsWith('IfExists') || base === 'Null';
      const scoped = !key.toLowerCase().startsWith('aws:') || SCOPED_GLOBAL_KEY.test(key);
      if (toleratesAbsence || !scoped) continue;
      for (const action of explicitActions) {
        const [service, name] = action.split(':');
        if (!actionConditionKeys(service, name).some((reference) => keyMatches(key, reference))) {
          findings.push({ path, code: 'unsupported-condition-key', message: `${action} never carries '${key}', so this condition can never match it; scope by resource ARN instead, or move the action to its own statement` });
        }
      }
    }
  }
  return findings;
}

/** Every `{{name}}` that is not a known placeholder, at the string that holds it. */
export function placeholderFindings(value: unknown, path: PropertyKey[]): PolicyFinding[] {
  if (typeof value === 'string') {
    return [...value.matchAll(/\{\{([^}]*)\}\}/g)]
      .filter(([, name]) => !(POLICY_PLACEHOLDERS as readonly string[]).includes(name))
      .map(([whole, name]) => ({
        path,
        code: 'unknown-placeholder',
        message:
          name === 'vendingRoleName'
            ? `${whole} is no longer filled: member-account guardrails never exempt the management-account pipeline role; use "{{exemptRoleArns}}"`
            : `unknown placeholder ${whole} (known: ${POLICY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`,
      }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholderFindings(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholderFindings(v, [...path, k]));
  return [];
}

/** A concrete action (no wildcard) that exists: the ones whose condition keys can be checked. */
function isExplicitKnownAction(action: unknown): boolean {
  if (typeof action !== 'string' || /[*?]/.test(action) || !action.includes(':')) return false;
  const [service, name] = action.split(':');
  return serviceExists(service) && matchingActions(service, name).length > 0;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
