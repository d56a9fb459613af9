/**
 * Signed ledger digests (issue 14, ADR 012): tamper evidence that survives someone who can write the table. A digest
 * names a run of one jurisdiction's entries (`fromSeq`..`seq`) and the hash of each, the last being the head it
 * certifies; it is signed outside the table (KMS in AWS, an Ed25519 key locally) and kept in write-once storage. An
 * attacker who rewrites an entry and recomputes every later hash and the head passes plain verification, but every
 * rewritten entry now disagrees with the hash a digest signed: verification against the digests names the first.
 *
 * What is signed is the SHA-256 of the canonical JSON of the digest's body (KMS signs a digest of at most 4,096 bytes
 * of message otherwise): ECDSA P-256 (ES256) in AWS, Ed25519 over those 32 bytes locally.
 */
import assert from 'node:assert/strict';
import { type KeyObject, createHash, createPublicKey, verify } from 'node:crypto';
import { canonicalJson } from './ledger';

/** Entries one digest covers at most: its body stays a few KB, and a page of digests a few hundred. */
export const DIGEST_HASHES_MAX = 256;

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

/** The 32 bytes that are signed. */
export function digestMessage(body: DigestBody): Buffer {
  const { v, jurisdiction, fromSeq, seq, hash, hashes, at } = body;
  assertBody(body);
  return createHash('sha256').update(canonicalJson({ v, jurisdiction, fromSeq, seq, hash, hashes, at }), 'utf8').digest();
}

function assertBody(b: DigestBody): void {
  assert.equal(b.v, 1, 'digest version 1');
  assert.ok(Number.isSafeInteger(b.fromSeq) && b.fromSeq >= 1 && b.seq >= b.fromSeq, `digest range ${b.fromSeq}..${b.seq}`);
  assert.equal(b.hashes.length, b.seq - b.fromSeq + 1, 'a digest holds one hash per entry of its range');
  assert.ok(b.hashes.length <= DIGEST_HASHES_MAX, `a digest covers at most ${DIGEST_HASHES_MAX} entries`);
  assert.equal(b.hashes.at(-1), b.hash, 'the digest\'s hash is its last entry\'s');
}

/** The digests that cover `entries` (consecutive, in order), at most DIGEST_HASHES_MAX entries each. */
export function planDigests(jurisdiction: string, entries: ReadonlyArray<{ seq: number; hash: string }>, at: string): DigestBody[] {
  const bodies: DigestBody[] = [];
  for (let i = 0; i < entries.length; i += DIGEST_HASHES_MAX) {
    const run = entries.slice(i, i + DIGEST_HASHES_MAX);
    run.forEach((e, n) => assert.equal(e.seq, run[0]!.seq + n, 'digested entries are consecutive'));
    const last = run.at(-1)!;
    bodies.push({ v: 1, jurisdiction, fromSeq: run[0]!.seq, seq: last.seq, hash: last.hash, hashes: run.map((e) => e.hash), at });
  }
  return bodies;
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

export function keyObjectOf(jwk: DigestKey): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.y === undefined ? {} : { y: jwk.y }) }, format: 'jwk' });
}

/** Null when `digest` is signed by one of `keys`; otherwise why not. */
export function signatureProblem(digest: SignedDigest, keys: ReadonlyMap<string, DigestKey>): string | null {
  const key = keys.get(digest.keyId);
  if (key === undefined) return `signed by ${digest.keyId}, which is not a digest key of this ledger`;
  let message: Buffer;
  try {
    message = digestMessage(digest);
  } catch (error) {
    return `malformed: ${(error as Error).message}`;
  }
  const signature = Buffer.from(digest.signature, 'base64');
  // ES256: KMS signs the 32 bytes in RAW mode with ECDSA_SHA_256 (it hashes them once more); EdDSA signs them as is.
  const ok = key.alg === 'EdDSA' ? verify(null, message, keyObjectOf(key), signature) : verify('sha256', message, { key: keyObjectOf(key), dsaEncoding: 'der' }, signature);
  return ok ? null : 'its signature does not verify with the digest key';
}

/**
 * Checks one jurisdiction's chain against its signed digests, as a stream: every digest first (each signature
 * verified, each entry hash it signs remembered), then the entries in sequence order. The first entry whose hash is
 * not the one a digest signed is where the ledger was altered; a signed entry that is missing means the chain was cut.
 */
export class DigestChecker {
  private readonly signed = new Map<number, string>();
  private lastSigned = 0;
  private checked = 0;
  private problem: { seq: number; reason: string } | null = null;
  digests = 0;

  constructor(
    readonly jurisdiction: string,
    private readonly keys: ReadonlyMap<string, DigestKey>,
  ) {}

  addDigest(d: SignedDigest): void {
    if (this.problem !== null) return;
    assert.equal(d.jurisdiction, this.jurisdiction, 'a digest of another jurisdiction');
    const bad = signatureProblem(d, this.keys);
    if (bad !== null) return this.fail(d.fromSeq, `the digest of entries ${d.fromSeq}..${d.seq} signed at ${d.at} is refused: ${bad}`);
    this.digests += 1;
    d.hashes.forEach((hash, n) => {
      const seq = d.fromSeq + n;
      const before = this.signed.get(seq);
      if (before !== undefined && before !== hash) this.fail(seq, `two signed digests disagree about entry ${seq}: the ledger was altered and signed again`);
      this.signed.set(seq, hash);
    });
    this.lastSigned = Math.max(this.lastSigned, d.seq);
  }

  checkEntry(entry: { seq: number; hash: string }): void {
    if (this.problem !== null) return;
    this.checked = entry.seq;
    const expected = this.signed.get(entry.seq);
    if (expected !== undefined && expected !== entry.hash) {
      this.fail(entry.seq, `entry ${entry.seq} has hash ${entry.hash.slice(0, 16)}…, but a signed digest says ${expected.slice(0, 16)}…: it was altered after it was signed`);
    }
  }

  /** The verdict once every entry was given. */
  result(): { ok: true; digests: number; signedThrough: number } | { ok: false; badSeq: number; reason: string; digests: number } {
    if (this.problem === null && this.checked < this.lastSigned) this.fail(this.checked + 1, `entries ${this.checked + 1}..${this.lastSigned} were signed but are no longer in the ledger`);
    if (this.problem !== null) return { ok: false, badSeq: this.problem.seq, reason: this.problem.reason, digests: this.digests };
    return { ok: true, digests: this.digests, signedThrough: this.lastSigned };
  }

  private fail(seq: number, reason: string): void {
    this.problem ??= { seq, reason };
  }
}
