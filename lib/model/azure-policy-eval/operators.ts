/**
 * Condition operators over one value, as the policy engine applies them
 * (learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#conditions):
 * string comparisons ignore case except `match`/`notMatch`; `like` takes one `*` wildcard; `match`
 * takes `#` (digit), `?` (letter) and `.` (any character); `less`/`greater` and friends compare
 * numbers, or strings ignoring case, and a type mismatch is an error; an absent value equals nothing.
 */
import type { Json } from './expression';

export const OPERATORS = [
  'equals', 'notEquals', 'like', 'notLike', 'match', 'matchInsensitively', 'notMatch', 'notMatchInsensitively',
  'contains', 'notContains', 'in', 'notIn', 'containsKey', 'notContainsKey', 'less', 'lessOrEquals', 'greater',
  'greaterOrEquals', 'exists',
] as const;
export type Operator = (typeof OPERATORS)[number];

export function isOperator(key: string): key is Operator {
  return (OPERATORS as readonly string[]).includes(key);
}

/** Applies `op` with `target` (already evaluated) to the selected `value` (`undefined` = absent). */
export function applyOperator(op: Operator, value: Json | undefined, target: Json): boolean {
  switch (op) {
    case 'equals':
      return same(value, target);
    case 'notEquals':
      return !same(value, target);
    case 'like':
      return like(value, target);
    case 'notLike':
      return !like(value, target);
    case 'match':
      return matches(value, target, false);
    case 'matchInsensitively':
      return matches(value, target, true);
    case 'notMatch':
      return !matches(value, target, false);
    case 'notMatchInsensitively':
      return !matches(value, target, true);
    case 'contains':
      return contains(value, target);
    case 'notContains':
      return !contains(value, target);
    case 'in':
      return list(target, op).some((t) => same(value, t));
    case 'notIn':
      return !list(target, op).some((t) => same(value, t));
    case 'containsKey':
      return hasKey(value, target);
    case 'notContainsKey':
      return !hasKey(value, target);
    case 'less':
      return compare(value, target, op) < 0;
    case 'lessOrEquals':
      return compare(value, target, op) <= 0;
    case 'greater':
      return compare(value, target, op) > 0;
    case 'greaterOrEquals':
      return compare(value, target, op) >= 0;
    case 'exists':
      return present(value) === truthy(target);
  }
}

function present(value: Json | undefined): boolean {
  return value !== undefined && value !== null;
}

function truthy(target: Json): boolean {
  if (typeof target === 'boolean') return target;
  if (typeof target === 'string' && /^(true|false)$/i.test(target)) return target.toLowerCase() === 'true';
  throw new Error(`exists takes true or false, not ${JSON.stringify(target)}`);
}

/** Scalars compare as case-insensitive text (`false` equals `"false"`); structures compare exactly. */
function same(value: Json | undefined, target: Json): boolean {
  if (!present(value)) return false;
  if (typeof value === 'object' || typeof target === 'object') return JSON.stringify(value) === JSON.stringify(target);
  return String(value).toLowerCase() === String(target).toLowerCase();
}

function like(value: Json | undefined, target: Json): boolean {
  if (typeof target !== 'string') throw new Error(`like takes a string pattern, not ${JSON.stringify(target)}`);
  if ((target.match(/\*/g) ?? []).length > 1) throw new Error(`like pattern '${target}' has more than one wildcard`);
  if (!present(value) || typeof value === 'object') return false;
  const [prefix, suffix] = target.toLowerCase().split('*');
  const text = String(value).toLowerCase();
  if (suffix === undefined) return text === prefix;
  return text.length >= prefix.length + suffix.length && text.startsWith(prefix) && text.endsWith(suffix);
}

function matches(value: Json | undefined, target: Json, insensitive: boolean): boolean {
  if (typeof target !== 'string') throw new Error(`match takes a string pattern, not ${JSON.stringify(target)}`);
  if (!present(value) || typeof value === 'object') return false;
  const text = String(value);
  if (text.length !== target.length) return false;
  return [...target].every((p, i) => {
    const c = text[i];
    if (p === '#') return /[0-9]/.test(c);
    if (p === '?') return /[A-Za-z]/.test(c);
    if (p === '.') return true;
    return insensitive ? p.toLowerCase() === c.toLowerCase() : p === c;
  });
}

function contains(value: Json | undefined, target: Json): boolean {
  if (!present(value)) return false;
  if (Array.isArray(value)) return value.some((v) => same(v, target));
  if (typeof value === 'object') return false;
  return String(value).toLowerCase().includes(String(target).toLowerCase());
}

function hasKey(value: Json | undefined, target: Json): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.keys(value).some((k) => k.toLowerCase() === String(target).toLowerCase());
}

function list(target: Json, op: string): Json[] {
  if (!Array.isArray(target)) throw new Error(`${op} takes an array, not ${JSON.stringify(target)}`);
  return target;
}

function compare(value: Json | undefined, target: Json, op: string): number {
  if (typeof value === 'number' && typeof target === 'number') return value - target;
  if (typeof value === 'string' && typeof target === 'string') {
    const [a, b] = [value.toLowerCase(), target.toLowerCase()];
    return a < b ? -1 : a > b ? 1 : 0;
  }
  throw new Error(`${op} compares values of one type; got ${JSON.stringify(value)} and ${JSON.stringify(target)}`);
}
