/**
 * Where the audit ledger, its signed anchor, its signing key and the locks live. Every default is
 * derived from the ledger's absolute path, and the ledger's default from the catalog directory (the
 * project the catalog belongs to), never from the working directory alone; the pipeline sets all of
 * them explicitly:
 *
 *   VEND_AUDIT_LEDGER       the ledger file                 default <catalog>/../.vend/audit.jsonl
 *   VEND_AUDIT_ANCHOR       s3://bucket/key or a file       default <ledger>.anchor.json
 *   VEND_AUDIT_SIGNING_KEY  kms:<key id or ARN> or a PEM    default <ledger dir>/audit-signing-key.pem (created)
 *   VEND_AUDIT_PUBLIC_KEY   PEM public key to verify with   default: the signing key's
 *   VEND_LOCKS              s3://bucket/prefix or a dir     default <ledger dir>/locks
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AwsClients } from '../aws/clients';
import { FileLockStore, parseS3Url, S3LockStore, type LockStore } from '../locks';
import { FileAnchorStore, S3AnchorStore, type AnchorStore } from './anchor';
import { LedgerError } from './file';
import { Ledger } from './ledger';
import { KmsSigner, LocalKeySigner, type Signer } from './signer';

export interface AuditSettings {
  readonly ledger: string;
  readonly anchor: string;
  readonly signingKey: string;
  readonly publicKey?: string;
  readonly locks: string;
  /** Which settings fell back to local files next to the ledger (development only). */
  readonly localDefaults: readonly string[];
}

const setting = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

export function auditSettings(input: { ledger?: string; publicKey?: string; catalogDir?: string; env?: NodeJS.ProcessEnv }): AuditSettings {
  const env = input.env ?? process.env;
  const ledger = path.resolve(setting(input.ledger) ?? setting(env.VEND_AUDIT_LEDGER) ?? path.join(path.resolve(input.catalogDir ?? 'catalog'), '..', '.vend', 'audit.jsonl'));
  const dir = path.dirname(ledger);
  const localDefaults: string[] = [];
  const pick = (name: string, value: string | undefined, fallback: string) => {
    if (value) return value;
    localDefaults.push(name);
    return fallback;
  };
  return {
    ledger,
    anchor: pick('VEND_AUDIT_ANCHOR', setting(env.VEND_AUDIT_ANCHOR), `${ledger}.anchor.json`),
    signingKey: pick('VEND_AUDIT_SIGNING_KEY', setting(env.VEND_AUDIT_SIGNING_KEY), path.join(dir, 'audit-signing-key.pem')),
    publicKey: setting(input.publicKey) ?? setting(env.VEND_AUDIT_PUBLIC_KEY),
    locks: pick('VEND_LOCKS', setting(env.VEND_LOCKS), path.join(dir, 'locks')),
    localDefaults,
  };
}

export interface OpenAuditOptions {
  /** AWS clients for s3:// and kms: settings (created on demand). */
  readonly aws?: () => AwsClients;
  /** Create the local development signing key when it is the default and missing. @default false */
  readonly createDevKey?: boolean;
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
}

export function openLocks(location: string, aws?: () => AwsClients): LockStore {
  const s3 = parseS3Url(location);
  if (!s3) return new FileLockStore(location);
  return new S3LockStore(needAws(aws, location), s3.bucket, s3.key || 'vend/locks');
}

export function openLedger(settings: AuditSettings, options: OpenAuditOptions = {}): Ledger {
  const s3 = parseS3Url(settings.anchor);
  const anchor: AnchorStore = s3 ? new S3AnchorStore(needAws(options.aws, settings.anchor), s3.bucket, s3.key || 'audit.anchor.json') : new FileAnchorStore(settings.anchor);
  return new Ledger({
    file: settings.ledger,
    anchor,
    signer: openSigner(settings, options),
    publicKey: settings.publicKey ? readFileSync(settings.publicKey, 'utf8') : undefined,
    locks: openLocks(settings.locks, options.aws),
    now: options.now,
    log: options.log,
  });
}

function openSigner(settings: AuditSettings, options: OpenAuditOptions): Signer | undefined {
  const key = settings.signingKey;
  if (key.startsWith('kms:')) return new KmsSigner(needAws(options.aws, key), key.slice(4));
  const isDefault = settings.localDefaults.includes('VEND_AUDIT_SIGNING_KEY');
  try {
    return new LocalKeySigner(key, { create: isDefault && options.createDevKey });
  } catch (e) {
    if (isDefault && !options.createDevKey) return undefined; // verify-only use without a key: needs a public key
    throw e;
  }
}

function needAws(aws: (() => AwsClients) | undefined, what: string): AwsClients {
  if (!aws) throw new LedgerError(`${what} needs AWS credentials, and none were configured`);
  return aws();
}
