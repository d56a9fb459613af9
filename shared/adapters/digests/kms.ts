/**
 * The digest signer in AWS (ADR 012): an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY) whose private half never
 * leaves KMS, so someone who can rewrite the table still cannot sign a digest of what they wrote. A digest's message is
 * the 32-byte SHA-256 of its body (shared/adapters/digests/node-digest.ts); KMS signs it in RAW mode with ECDSA_SHA_256, hashing it
 * once more, which is exactly what `verify('sha256', message, …)` checks (ES256, DER signature).
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { DigestKey } from '../../domain/digest-check';
import type { DigestSigner } from '../../app/digests/ports';

/** The key KMS answers with is not one whose signatures the digest checker verifies as ES256. */
export class DigestKeyError extends Error {
  override name = 'DigestKeyError';
}

/** A signer over the KMS key `keyArn`; digests name it by that ARN (`keyId`, and the public key's `kid`). */
export function kmsSigner(client: KMSClient, keyArn: string): DigestSigner {
  // The public key never changes for a key ARN: asked once per cold start (a failed answer is asked again).
  let publicKey: Promise<DigestKey[]> | null = null;
  return {
    keyId: keyArn,
    async sign(message) {
      assert.equal(message.length, 32, 'a digest message is the 32-byte SHA-256 of its body');
      const out = await client.send(new SignCommand({ KeyId: keyArn, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
      if (out.Signature === undefined || out.Signature.length === 0) throw new DigestKeyError(`KMS returned no signature for ${keyArn}`);
      return Buffer.from(out.Signature);
    },
    publicKeys() {
      publicKey ??= readPublicKey(client, keyArn).catch((error: unknown) => {
        publicKey = null;
        throw error;
      });
      return publicKey;
    },
  };
}

async function readPublicKey(client: KMSClient, keyArn: string): Promise<DigestKey[]> {
  const out = await client.send(new GetPublicKeyCommand({ KeyId: keyArn }));
  // A key of another spec or use would sign digests no verifier accepts: refuse it before anyone relies on it.
  if (out.KeySpec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY') {
    throw new DigestKeyError(`${keyArn} is ${out.KeySpec ?? 'of no spec'} for ${out.KeyUsage ?? 'no use'}; digests need an ECC_NIST_P256 SIGN_VERIFY key`);
  }
  if (out.SigningAlgorithms !== undefined && !out.SigningAlgorithms.includes('ECDSA_SHA_256')) throw new DigestKeyError(`${keyArn} does not sign with ECDSA_SHA_256`);
  if (out.PublicKey === undefined) throw new DigestKeyError(`KMS returned no public key for ${keyArn}`);
  const jwk = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined) throw new DigestKeyError(`the public key of ${keyArn} is not a P-256 key`);
  return [{ kid: keyArn, kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, alg: 'ES256' }];
}
