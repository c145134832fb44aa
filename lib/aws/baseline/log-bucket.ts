import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What every vend log bucket shares (the log archive and the access-log buckets): versioning, SSE-KMS
 * with the given customer-managed key and an S3 bucket key, all four Block Public Access settings,
 * TLS 1.2+ only, ACLs off, and kept when its stack is deleted.
 */
export function logBucketProps(key: kms.IKey): s3.BucketProps {
  return {
    versioned: true,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
