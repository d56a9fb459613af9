/**
 * What a signed digest is (ADR 012) and how its signature is checked: the types, the text that is signed, the shape
 * the signer makes, and the verdict a check reaches. Import-free but for the canonical JSON and the limits (both
 * import-free), so the console's bundle carries it to the browser; checking a signature is the caller's, given as a
 * function: node:crypto in the CLI (shared/adapters/digests/node-digest.ts), WebCrypto in the browser
 * (console/src/digest-check.ts). The checker is shared/domain/digest-checker.ts, read through shared/domain/digest-check.ts.
 */
import { canonicalJson } from './canonical-json';
import { LIMITS } from '../limits';

export interface DigestBody {
  readonly v: 1;
  readonly jurisdiction: string;
  /** The first entry covered. */
  readonly fromSeq: number;
  /** The last entry covered: the head this digest certifies. */
  readonly seq: number;
  /** The hash of entry `seq` (the head when signed). */
  readonly hash: string;
  /** The hash of every entry from `fromSeq` to `seq`, in order. */
  readonly hashes: readonly string[];
  /** When it was signed (ISO instant). */
  readonly at: string;
}

export interface SignedDigest extends DigestBody {
  /** The key that signed it (a KMS key ARN, or the local key's id). */
  readonly keyId: string;
  /** base64: DER ECDSA (ES256) or raw Ed25519 (EdDSA). */
  readonly signature: string;
}

/** A public key as a JWK with its id (`kid`) and algorithm: what GET /ledger/digest-key answers. */
export interface DigestKey {
  readonly kid: string;
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly y?: string;
  readonly alg: 'ES256' | 'EdDSA';
}

/**
 * Whether `signature` (base64, as a digest holds it) is `key`'s over the SHA-256 of `text` (a digest body's canonical
 * JSON): ES256 verifies a DER ECDSA signature as KMS makes it (RAW mode, ECDSA_SHA_256, so it hashes those 32 bytes
 * once more); EdDSA a raw Ed25519 signature of the 32 bytes. A signature that cannot be read does not verify.
 */
export type SignatureVerifier = (text: string, signature: string, key: DigestKey) => Promise<boolean>;

/** A wrong use of the checker (not a fault of the ledger): the caller's to fix. */
export class DigestCheckError extends Error {
  override name = 'DigestCheckError';
}

/** The text whose SHA-256 is signed: the canonical JSON of the body's own fields, nothing else the object holds. */
export function digestText(body: DigestBody): string {
  const { v, jurisdiction, fromSeq, seq, hash, hashes, at } = body;
  return canonicalJson({ v, jurisdiction, fromSeq, seq, hash, hashes, at });
}

const HASH = /^[0-9a-f]{64}$/;

/** Why `body` is not a digest the signer makes, or null. */
export function bodyProblem(b: DigestBody): string | null {
  if (b.v !== 1) return 'not a version 1 digest';
  if (typeof b.jurisdiction !== 'string' || typeof b.at !== 'string' || Number.isNaN(Date.parse(b.at))) return 'its jurisdiction or signing time is not one';
  if (!Number.isSafeInteger(b.fromSeq) || !Number.isSafeInteger(b.seq) || b.fromSeq < 1 || b.seq < b.fromSeq) return `its range ${String(b.fromSeq)}..${String(b.seq)} is not one`;
  if (!Array.isArray(b.hashes) || b.hashes.length !== b.seq - b.fromSeq + 1) return 'a digest holds one hash per entry of its range';
  if (b.hashes.length > LIMITS.digests.hashesMax) return `a digest covers at most ${LIMITS.digests.hashesMax} entries`;
  if (!b.hashes.every((h) => typeof h === 'string' && HASH.test(h))) return 'a hash is not 64 hex digits';
  if (b.hashes.at(-1) !== b.hash) return 'the digest\'s hash is not its last entry\'s';
  return null;
}

/** What verifying `digest`'s signature needs, or why it cannot be verified at all (shared with the evidence pack). */
export function signatureInput(digest: SignedDigest, keys: ReadonlyMap<string, DigestKey>): { problem: string } | { key: DigestKey; text: string } {
  const key = keys.get(digest.keyId);
  if (key === undefined) return { problem: `signed by ${String(digest.keyId)}, which is not a digest key of this ledger` };
  const malformed = bodyProblem(digest);
  if (malformed !== null) return { problem: `malformed: ${malformed}` };
  if (typeof digest.signature !== 'string') return { problem: 'it holds no signature' };
  return { key, text: digestText(digest) };
}

export const SIGNATURE_DOES_NOT_VERIFY = 'its signature does not verify with the digest key';

/** Null when `digest` is signed by one of `keys`; otherwise why not. */
export async function checkSignature(digest: SignedDigest, keys: ReadonlyMap<string, DigestKey>, verify: SignatureVerifier): Promise<string | null> {
  const input = signatureInput(digest, keys);
  if ('problem' in input) return input.problem;
  return (await verify(input.text, digest.signature, input.key)) ? null : SIGNATURE_DOES_NOT_VERIFY;
}

/** Entries after the last signed one: how many, from which, and since when (the first one's `at`). */
export interface Unsigned {
  readonly fromSeq: number;
  readonly count: number;
  readonly since: string;
}

export type DigestVerdict
  = | { jurisdiction: string; ok: true; digests: number; signedThrough: number; unsigned: Unsigned | null }
    | { jurisdiction: string; ok: false; digests: number; badSeq: number; reason: string; unsigned: Unsigned | null };

export interface CheckOptions {
  /** The instant the verdict is for. */
  readonly now: Date;
  /** The signing period (5 minutes in AWS, AWARDS_DIGEST_SECONDS here): unsigned entries may wait two of them. */
  readonly periodSeconds: number;
}

/** An entry as the checker reads it. */
export interface EntryRef {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}
