/**
 * Signed ledger digests (issue 14, ADR 012): tamper evidence that survives someone who can write the table. A digest
 * names a run of one jurisdiction's entries (`fromSeq`..`seq`) and the hash of each, the last being the head it
 * certifies; it is signed outside the table (KMS in AWS, an Ed25519 key locally) and kept in write-once storage. An
 * attacker who rewrites an entry and recomputes every later hash and the head passes plain verification, but every
 * rewritten entry now disagrees with the hash a digest signed: verification against the digests names the first.
 *
 * What is signed is the SHA-256 of the canonical JSON of the digest's body (KMS signs a digest of at most 4,096 bytes
 * of message otherwise): ECDSA P-256 (ES256) in AWS, Ed25519 over those 32 bytes locally. The checker itself is
 * shared/domain/digest-check.ts, import-free so the console runs it too; this module adds what needs node:crypto.
 */
import assert from '../../domain/assert';
import { type KeyObject, createHash, createPublicKey, verify } from 'node:crypto';
import { type CheckOptions, type DigestBody, DigestChecker, type DigestKey, SIGNATURE_DOES_NOT_VERIFY, type SignatureVerifier, type SignedDigest, bodyProblem, digestText, signatureInput } from '../../domain/digest-check';
import { LIMITS } from '../../limits';

export { DigestChecker } from '../../domain/digest-check';
export type { DigestBody, DigestKey, DigestVerdict, SignedDigest, Unsigned } from '../../domain/digest-check';

/** The 32 bytes that are signed. */
export function digestMessage(body: DigestBody): Buffer {
  const malformed = bodyProblem(body);
  assert.equal(malformed, null, `a digest the signer makes is well formed: ${malformed ?? ''}`);
  return createHash('sha256').update(digestText(body), 'utf8').digest();
}

/** The digests that cover `entries` (consecutive, in order), at most LIMITS.digests.hashesMax entries each. */
export function planDigests(jurisdiction: string, entries: ReadonlyArray<{ seq: number; hash: string }>, at: string): DigestBody[] {
  const bodies: DigestBody[] = [];
  for (let i = 0; i < entries.length; i += LIMITS.digests.hashesMax) {
    const run = entries.slice(i, i + LIMITS.digests.hashesMax);
    run.forEach((e, n) => assert.equal(e.seq, run[0]!.seq + n, 'digested entries are consecutive'));
    const last = run.at(-1)!;
    bodies.push({ v: 1, jurisdiction, fromSeq: run[0]!.seq, seq: last.seq, hash: last.hash, hashes: run.map((e) => e.hash), at });
  }
  return bodies;
}

export function keyObjectOf(jwk: DigestKey): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.y === undefined ? {} : { y: jwk.y }) }, format: 'jwk' });
}

/** node:crypto's answer to the checker's question (see SignatureVerifier); a key that cannot be read is thrown. */
function verifiesSync(text: string, signature: string, key: DigestKey): boolean {
  const message = createHash('sha256').update(text, 'utf8').digest();
  const publicKey = keyObjectOf(key);
  const bytes = Buffer.from(signature, 'base64');
  try {
    // ES256: KMS signs the 32 bytes in RAW mode with ECDSA_SHA_256 (it hashes them once more); EdDSA signs them as is.
    if (key.alg === 'EdDSA') return verify(null, message, publicKey, bytes);
    if (key.alg === 'ES256') return verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, bytes);
    return false;
  } catch {
    // A signature that is not one of the key's encoding does not verify; it is no failure of the verifier.
    return false;
  }
}

/** The CLI's signature verifier (node:crypto). */
export const verifySignature: SignatureVerifier = async (text, signature, key) => verifiesSync(text, signature, key);

/** Null when `digest` is signed by one of `keys`; otherwise why not (synchronous, for the evidence pack). */
export function signatureProblem(digest: SignedDigest, keys: ReadonlyMap<string, DigestKey>): string | null {
  const input = signatureInput(digest, keys);
  if ('problem' in input) return input.problem;
  return verifiesSync(input.text, digest.signature, input.key) ? null : SIGNATURE_DOES_NOT_VERIFY;
}

/** The digest period this machine signs on by default (AWARDS_DIGEST_SECONDS), in seconds. */
export const LOCAL_DIGEST_PERIOD_SECONDS = 60;

/** A checker that verifies with node:crypto; by default at this instant, for the local period. */
export function digestChecker(
  jurisdiction: string,
  keys: ReadonlyMap<string, DigestKey>,
  options: CheckOptions = { now: new Date(), periodSeconds: LOCAL_DIGEST_PERIOD_SECONDS },
): DigestChecker {
  return new DigestChecker(jurisdiction, keys, verifySignature, options);
}
