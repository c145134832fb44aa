/**
 * Signing the ledger's head so it can be checked with the public key alone, as CloudTrail signs its
 * digest files: "CloudTrail signs each digest file using the private key of a public and private
 * key pair ... you can use the public key to validate the digest file"
 * (docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html).
 *
 * Two signers: an AWS KMS asymmetric key (ECC_NIST_P256, ECDSA_SHA_256) through the client layer,
 * whose private key never leaves KMS; and a local Ed25519 key file for development and tests.
 * KMS returns ECDSA signatures DER-encoded and GetPublicKey a DER SubjectPublicKeyInfo
 * (docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html, API_GetPublicKey.html), which is
 * what Node's crypto.verify takes.
 */
import { GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AwsClients } from '../aws/clients';

export type SignatureAlgorithm = 'ed25519' | 'ecdsa-p256-sha256';

export interface Signer {
  /** `local:<fingerprint>` or the KMS key ARN. */
  keyId(): Promise<string>;
  readonly algorithm: SignatureAlgorithm;
  sign(payload: Buffer): Promise<Buffer>;
  /** PEM (SPKI) public key that verifies this signer's signatures. */
  publicKey(): Promise<string>;
}

export function fingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** An Ed25519 private key in a PEM file; created (mode 0600) when `create` is set and it is missing. */
export class LocalKeySigner implements Signer {
  readonly algorithm = 'ed25519' as const;
  private readonly pem: string;

  constructor(readonly file: string, options: { create?: boolean } = {}) {
    if (!existsSync(file)) {
      if (!options.create) throw new Error(`${file}: signing key not found`);
      mkdirSync(path.dirname(file), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    }
    this.pem = readFileSync(file, 'utf8');
    if (createPrivateKey(this.pem).asymmetricKeyType !== 'ed25519') throw new Error(`${file}: not an Ed25519 private key`);
  }

  async keyId(): Promise<string> {
    return `local:${fingerprint(await this.publicKey())}`;
  }

  async sign(payload: Buffer): Promise<Buffer> {
    return cryptoSign(null, payload, this.pem);
  }

  async publicKey(): Promise<string> {
    return createPublicKey(this.pem).export({ type: 'spki', format: 'pem' }).toString();
  }
}

/** An AWS KMS asymmetric signing key (key spec ECC_NIST_P256). */
export class KmsSigner implements Signer {
  readonly algorithm = 'ecdsa-p256-sha256' as const;
  private cachedPublic?: { pem: string; arn: string };

  constructor(
    private readonly aws: AwsClients,
    private readonly key: string,
  ) {}

  async keyId(): Promise<string> {
    return (await this.describe()).arn;
  }

  async sign(payload: Buffer): Promise<Buffer> {
    const out = await this.aws.send('kms', new SignCommand({ KeyId: this.key, Message: payload, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    if (!out.Signature) throw new Error(`kms:Sign with ${this.key} returned no signature`);
    return Buffer.from(out.Signature);
  }

  async publicKey(): Promise<string> {
    return (await this.describe()).pem;
  }

  private async describe(): Promise<{ pem: string; arn: string }> {
    if (this.cachedPublic) return this.cachedPublic;
    const out = await this.aws.send('kms', new GetPublicKeyCommand({ KeyId: this.key }));
    const spec = out.KeySpec ?? out.CustomerMasterKeySpec;
    if (spec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY') {
      throw new Error(`KMS key ${this.key} is ${spec}/${out.KeyUsage}; the audit ledger needs an ECC_NIST_P256 SIGN_VERIFY key`);
    }
    const pem = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
    return (this.cachedPublic = { pem, arn: out.KeyId ?? this.key });
  }
}

/** Checks a signature with a public key alone (no cloud call). */
export function verifySignature(algorithm: string, payload: Buffer, signature: Buffer, publicKeyPem: string): boolean {
  try {
    if (algorithm === 'ed25519') return cryptoVerify(null, payload, publicKeyPem, signature);
    if (algorithm === 'ecdsa-p256-sha256') return cryptoVerify('sha256', payload, publicKeyPem, signature);
  } catch {
    return false;
  }
  return false;
}
