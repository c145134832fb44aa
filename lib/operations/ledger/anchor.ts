/**
 * The ledger's anchor: its head (entry count, last hash and the last entry itself) signed with a
 * key the writer holds, kept outside the ledger file. Rewriting the ledger, re-chaining it, or
 * dropping its tail no longer matches a head only the key holder could have signed; a missing
 * ledger is detected because the anchor says one exists. The anchor is written before the line it
 * covers, so a crash between the two leaves a head one entry ahead of the file, and that entry (in
 * the anchor, signed) is what a repair writes.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AwsClients } from '../aws/clients';
import { canonical, hashOf, type LedgerEntry } from './entry';
import { verifySignature, type Signer } from './signer';

export const ANCHOR_FORMAT = 'vend-audit-anchor/1';

export interface Anchor {
  readonly format: typeof ANCHOR_FORMAT;
  readonly entries: number;
  readonly head: string;
  /** The entry `head` is the hash of (absent for an empty ledger). */
  readonly entry?: LedgerEntry;
  readonly signedAt: string;
  readonly keyId: string;
  readonly algorithm: string;
  /** base64 signature over `signedPayload(anchor)`. */
  readonly signature: string;
}

export interface AnchorStore {
  readonly location: string;
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/** What is signed: the head and its metadata (small, so KMS signs it raw); the entry is bound by its hash. */
export function signedPayload(a: Omit<Anchor, 'signature'>): Buffer {
  return Buffer.from(canonical({ format: a.format, entries: a.entries, head: a.head, signedAt: a.signedAt, keyId: a.keyId, algorithm: a.algorithm }), 'utf8');
}

export async function signAnchor(signer: Signer, entry: LedgerEntry, now: Date): Promise<Anchor> {
  const unsigned = { format: ANCHOR_FORMAT, entries: entry.seq, head: entry.hash, entry, signedAt: now.toISOString(), keyId: await signer.keyId(), algorithm: signer.algorithm } as const;
  const signature = (await signer.sign(signedPayload(unsigned))).toString('base64');
  return { ...unsigned, signature };
}

/** Parses and checks an anchor against a public key; returns it, or the reason it cannot be trusted. */
export function checkAnchor(text: string, publicKeyPem: string): { anchor?: Anchor; problem?: string } {
  let a: Anchor;
  try {
    a = JSON.parse(text) as Anchor;
  } catch {
    return { problem: 'the anchor is not valid JSON' };
  }
  if (a?.format !== ANCHOR_FORMAT || !Number.isInteger(a.entries) || typeof a.head !== 'string' || typeof a.signature !== 'string') {
    return { problem: `the anchor is not a ${ANCHOR_FORMAT} document` };
  }
  if (!verifySignature(a.algorithm, signedPayload(a), Buffer.from(a.signature, 'base64'), publicKeyPem)) {
    return { problem: `the anchor's signature does not verify with the public key (signed by ${a.keyId})` };
  }
  if (a.entry) {
    const { hash, ...body } = a.entry;
    if (hash !== a.head || hashOf(body) !== hash || a.entry.seq !== a.entries) return { problem: 'the entry in the anchor does not match its signed head' };
  }
  return { anchor: a };
}

export class FileAnchorStore implements AnchorStore {
  readonly location: string;
  constructor(file: string) {
    this.location = path.resolve(file);
  }
  async read(): Promise<string | undefined> {
    return existsSync(this.location) ? readFileSync(this.location, 'utf8') : undefined;
  }
  async write(text: string): Promise<void> {
    mkdirSync(path.dirname(this.location), { recursive: true });
    const tmp = `${this.location}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.location);
  }
}

/** The anchor as an S3 object (keep the bucket versioned so every signed head stays on record). */
export class S3AnchorStore implements AnchorStore {
  readonly location: string;
  constructor(
    private readonly aws: AwsClients,
    private readonly bucket: string,
    private readonly key: string,
  ) {
    this.location = `s3://${bucket}/${key}`;
  }
  async read(): Promise<string | undefined> {
    try {
      const out = await this.aws.send('s3', new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      return (await out.Body?.transformToString('utf8')) ?? '';
    } catch (e) {
      if ((e as Error).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw e;
    }
  }
  async write(text: string): Promise<void> {
    await this.aws.send('s3', new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: text, ContentType: 'application/json' }));
  }
}
