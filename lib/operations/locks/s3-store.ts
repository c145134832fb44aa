/**
 * Locks as objects in an S3 bucket, so runs on different machines (pipeline runners) exclude each
 * other. Create is a conditional write (`If-None-Match: *`): S3 stores the object only if no object
 * with that key exists and answers 412 otherwise (docs.aws.amazon.com/AmazonS3/latest/userguide/
 * conditional-writes.html). Remove deletes exactly the version that was read: by version id in a
 * versioned bucket (recommended), else with `If-Match: <ETag>` (conditional deletes,
 * docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html). The bucket must not
 * apply a default Object Lock retention, or lock objects could not be deleted.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../aws/clients';
import type { LockStore, StoredLock } from './store';

const status = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export class S3LockStore implements LockStore {
  readonly location: string;

  constructor(
    private readonly aws: AwsClients,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    this.location = `s3://${bucket}/${prefix}`;
  }

  private key(key: string): string {
    return `${this.prefix.replace(/\/*$/, '/')}${key}.lock`;
  }

  async create(key: string, body: string): Promise<string | undefined> {
    try {
      const out = await this.aws.send('s3', new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: body, IfNoneMatch: '*', ContentType: 'application/json' }));
      return out.VersionId ? `v:${out.VersionId}` : `e:${out.ETag}`;
    } catch (e) {
      // 412: the object exists. 409: a concurrent conditional write on the same key won.
      if (status(e) === 412 || status(e) === 409) return undefined;
      throw e;
    }
  }

  async read(key: string): Promise<StoredLock | undefined> {
    try {
      const out = await this.aws.send('s3', new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      const body = (await out.Body?.transformToString('utf8')) ?? '';
      return { body, version: out.VersionId ? `v:${out.VersionId}` : `e:${out.ETag}` };
    } catch (e) {
      if ((e as Error).name === 'NoSuchKey' || status(e) === 404) return undefined;
      throw e;
    }
  }

  async remove(key: string, version: string): Promise<boolean> {
    const byVersion = version.startsWith('v:');
    try {
      await this.aws.send(
        's3',
        new DeleteObjectCommand({
          Bucket: this.bucket,
          Key: this.key(key),
          ...(byVersion ? { VersionId: version.slice(2) } : { IfMatch: version.slice(2) }),
        }),
      );
      return true;
    } catch (e) {
      if (status(e) === 412 || status(e) === 404) return false;
      throw e;
    }
  }
}

/** `s3://bucket/prefix` → bucket and prefix; undefined for anything else. */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/?(.*)$/.exec(url);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}
