/**
 * Verification against the signed digests (ADR 012): the one checker `awards verify --digests` and the console's
 * ledger page both run, so they reach the same verdict on the same ledger. It imports nothing but the canonical JSON
 * (itself import-free), so the console's bundle carries it to the browser; checking a signature is the caller's, given
 * as a function: node:crypto in the CLI (shared/adapters/digests/node-digest.ts), WebCrypto in the browser (console/src/digest-check.ts).
 *
 * Every digest is read first (its shape and jurisdiction checked, its signature verified, each entry hash it signs
 * remembered, and any two digests that sign one entry differently named), then the entries in sequence. A fault is
 * the first of: a digest refused, two digests that disagree, an entry that is not the one signed, an entry missing,
 * entries never signed although later ones were (a bookmark moved past them), signed entries gone, or entries after
 * the last signed one that have waited more than two digest periods (signing stopped).
 */
import { canonicalJson } from './canonical-json';
import { type HashedEntry, entryHashText } from './entry-text';
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

const entries = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);

/**
 * Checks one jurisdiction's chain against its signed digests, as a stream: every digest first (`addDigest`, awaited
 * one after another), then the entries in sequence (`checkEntry`), then `result()`. It keeps one hash per signed entry.
 */
export class DigestChecker {
  private readonly signed = new Map<number, string>();
  private lastSigned = 0;
  private checked = 0;
  private unsigned: { fromSeq: number; count: number; since: string } | null = null;
  private problem: { seq: number; reason: string } | null = null;
  /** Digests accepted so far. */
  digests = 0;

  constructor(
    readonly jurisdiction: string,
    private readonly keys: ReadonlyMap<string, DigestKey>,
    private readonly verify: SignatureVerifier,
    private readonly options: CheckOptions,
  ) {
    if (!(Number.isFinite(options.periodSeconds) && options.periodSeconds > 0)) throw new DigestCheckError(`a digest period is a positive number of seconds, not ${options.periodSeconds}`);
    if (Number.isNaN(options.now.getTime())) throw new DigestCheckError('the instant to check at is not a date');
  }

  /** Whether a fault was found: nothing more read changes the verdict. */
  get failed(): boolean {
    return this.problem !== null;
  }

  /** The last entry checked. */
  get entriesChecked(): number {
    return this.checked;
  }

  async addDigest(d: SignedDigest): Promise<void> {
    if (this.problem !== null) return;
    const from = Number.isSafeInteger(d.fromSeq) && d.fromSeq >= 1 ? d.fromSeq : 1;
    const refused = (why: string) => this.fail(from, `the digest of entries ${String(d.fromSeq)}..${String(d.seq)} signed at ${String(d.at)} is refused: ${why}`);
    // A digest of another jurisdiction says nothing about this one's entries: whoever lists it here misleads.
    if (d.jurisdiction !== this.jurisdiction) return refused(`it is a digest of ${String(d.jurisdiction)}, listed as one of ${this.jurisdiction}`);
    const bad = await checkSignature(d, this.keys, this.verify);
    if (bad !== null) return refused(bad);
    this.digests += 1;
    d.hashes.forEach((hash, n) => {
      const seq = d.fromSeq + n;
      const before = this.signed.get(seq);
      if (before !== undefined && before !== hash) this.fail(seq, `two signed digests disagree about entry ${seq}: the ledger was altered and signed again`);
      this.signed.set(seq, hash);
    });
    this.lastSigned = Math.max(this.lastSigned, d.seq);
  }

  checkEntry(entry: EntryRef): void {
    if (this.problem !== null) return;
    if (entry.seq !== this.checked + 1) {
      const what = entry.seq <= this.checked ? `entry ${entry.seq} came again after entry ${this.checked}` : `entries ${this.checked + 1}..${entry.seq - 1} are missing from the ledger`;
      return this.fail(Math.min(entry.seq, this.checked + 1), what);
    }
    this.checked = entry.seq;
    const expected = this.signed.get(entry.seq);
    if (expected !== undefined) {
      if (expected !== entry.hash) this.fail(entry.seq, `entry ${entry.seq} has hash ${entry.hash.slice(0, 16)}…, but a signed digest says ${expected.slice(0, 16)}…: it was altered after it was signed`);
      return;
    }
    if (entry.seq < this.lastSigned) {
      let end = entry.seq;
      while (end + 1 < this.lastSigned && !this.signed.has(end + 1)) end += 1;
      return this.fail(entry.seq, `entries ${entry.seq}..${end} were never signed, though later entries were: the digest bookmark was moved past them`);
    }
    this.unsigned ??= { fromSeq: entry.seq, count: 0, since: entry.at };
    this.unsigned.count += 1;
  }

  /** The verdict once every entry was given. */
  result(): DigestVerdict {
    const { jurisdiction, digests } = this;
    if (this.problem === null && this.checked < this.lastSigned) this.fail(this.checked + 1, `entries ${this.checked + 1}..${this.lastSigned} were signed but are no longer in the ledger`);
    if (this.problem === null && this.unsigned !== null) this.checkWaiting(this.unsigned);
    const unsigned = this.unsigned === null ? null : { ...this.unsigned };
    if (this.problem !== null) return { jurisdiction, ok: false, digests, badSeq: this.problem.seq, reason: this.problem.reason, unsigned };
    return { jurisdiction, ok: true, digests, signedThrough: this.lastSigned, unsigned };
  }

  /**
   * Entries after the last signed one may wait for the next run, and the run after it if one failed: two periods.
   * Longer means signing has stopped (a broken schedule, or a bookmark moved ahead of the head). A time that cannot be
   * read, or one later than a period from now, is no excuse: an entry's time is the table's word, not a signature.
   */
  private checkWaiting(u: Unsigned): void {
    const { now, periodSeconds } = this.options;
    const ageMs = now.getTime() - Date.parse(u.since);
    const late = `${entries(u.count)} from entry ${u.fromSeq} not signed since ${u.since}, more than two digest periods (2 × ${periodSeconds} s) ago: signing has stopped, or skips them`;
    if (Number.isNaN(ageMs) || ageMs > 2 * periodSeconds * 1000) return this.fail(u.fromSeq, late);
    if (ageMs < -periodSeconds * 1000) this.fail(u.fromSeq, `entry ${u.fromSeq} is dated ${u.since}, after the time of this check (${now.toISOString()}): its time cannot be trusted`);
  }

  /** A fault found outside the checker (an entry's content, read by contentProblem): the first one is the verdict. */
  faultAt(seq: number, reason: string): void {
    this.fail(seq, reason);
  }

  private fail(seq: number, reason: string): void {
    this.problem ??= { seq, reason };
  }
}

/** SHA-256 of a text (UTF-8), as 64 hex digits: node:crypto in the CLI, WebCrypto in the browser. */
export type Sha256 = (text: string) => Promise<string>;

/** An entry as the API serves it: every field its hash covers, and the hash. */
export type ServedEntry = HashedEntry & EntryRef;

/** The hash the first entry of a chain names as the one before it (shared/domain/ledger.ts GENESIS_HASH). */
const GENESIS = '0'.repeat(64);

/** Where the checker reads from: the public keys, and one jurisdiction's digests and entries, a page at a time. */
export interface DigestSource {
  readonly keys: ReadonlyMap<string, DigestKey>;
  readonly verify: SignatureVerifier;
  /** Recomputes each entry's hash from its content: an entry changed under its old hash is caught here (review H7). */
  readonly sha256: Sha256;
  readonly digests: AsyncIterable<readonly SignedDigest[]>;
  readonly entries: AsyncIterable<readonly ServedEntry[]>;
}

/**
 * Why an entry as served is not the entry its hash names, or null: its content must hash to its hash, and it must
 * name the hash of the entry before it (the chain, as the verifier reads it, not as the server says it checked it).
 */
export async function contentProblem(entry: ServedEntry, previousHash: string | null, sha256: Sha256): Promise<string | null> {
  const recomputed = await sha256(entryHashText(entry));
  if (recomputed !== entry.hash) return `entry ${entry.seq}'s content does not hash to its hash ${String(entry.hash).slice(0, 16)}… (it hashes to ${recomputed.slice(0, 16)}…): it was changed under its old hash`;
  const expected = entry.seq === 1 ? GENESIS : previousHash;
  if (expected !== null && entry.prevHash !== expected) return `entry ${entry.seq} does not follow entry ${entry.seq - 1}: it names ${String(entry.prevHash).slice(0, 16)}… as the hash before it`;
  return null;
}

/** Checks one jurisdiction, page by page; `progress` hears how many digests and entries were read. It stops at a fault. */
export async function checkDigests(
  jurisdiction: string,
  source: DigestSource,
  options: CheckOptions & { readonly progress?: (digests: number, entries: number) => void },
): Promise<DigestVerdict> {
  const checker = new DigestChecker(jurisdiction, source.keys, source.verify, options);
  for await (const page of source.digests) {
    for (const d of page) await checker.addDigest(d);
    options.progress?.(checker.digests, 0);
    if (checker.failed) return checker.result();
  }
  let previous: string | null = null;
  for await (const page of source.entries) {
    for (const e of page) {
      const wrong = await contentProblem(e, previous, source.sha256);
      if (wrong !== null) checker.faultAt(e.seq, wrong);
      checker.checkEntry(e);
      previous = e.hash;
      if (checker.failed) break;
    }
    options.progress?.(checker.digests, checker.entriesChecked);
    if (checker.failed) break;
  }
  return checker.result();
}
