/**
 * The answers of the digests routes (ADR 012): a jurisdiction's signed digests, the runs that signed now, and the
 * signer's public keys. Strict objects: a field a route adds without declaring it here breaks the contract. A digest
 * and a key are proved here to be the domain's types (shared/domain/digest-check.ts, which the console runs too); a
 * run (shared/app/digests/run.ts, which imports node:*) in functions/api/digest-routes.ts.
 */
import * as z from 'zod';
import type { DigestKey, SignedDigest } from '../../domain/digest-check';
import { lazy } from '../../lazy';
import { type Exact, count, instant, jurisdiction, page } from '../common';

const seq = () => z.number().int().min(1);
const hex64 = () => z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A signed digest (version 1): the hashes of entries `fromSeq`..`seq` of one jurisdiction, and the signature over them.
 * The API serves the write-once log as it is: whether a digest is one the signer makes (a hash per entry of its range,
 * the last the head's) is the verifier's to judge (shared/domain/digest-check.ts), not the answer's shape.
 */
const signedDigest = () => z.strictObject({
  v: z.literal(1),
  jurisdiction: jurisdiction(),
  fromSeq: seq(),
  seq: seq(),
  /** The hash of entry `seq`: the head this digest certifies. */
  hash: hex64(),
  hashes: z.array(hex64()),
  at: instant(),
  /** The key that signed it (a KMS key ARN, or the local key's id). */
  keyId: z.string().min(1),
  /** base64: DER ECDSA (ES256) or raw Ed25519 (EdDSA). */
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

/** GET /ledger/digests: a jurisdiction's digests in order of their ranges, a page at a time. */
export const digestsPage = lazy(() => page(signedDigest()));

/** A bookmark the signer would not believe, and where it resumed instead. */
const bookmarkRefused = () => z.strictObject({
  /** What the table said; null when it said no number (NaN, which JSON writes as null). */
  lastSeq: z.number().int().min(0).nullable(),
  head: z.number().int().min(0),
  resumedAfter: z.number().int().min(0),
  reason: z.string(),
});

/** POST /ledger/digests: what each jurisdiction's run signed now. */
export const runs = lazy(() => z.strictObject({
  runs: z.array(z.strictObject({
    jurisdiction: jurisdiction(),
    digests: count(),
    entries: count(),
    /** The head now signed; null when the jurisdiction has no entry yet. */
    signedThrough: seq().nullable(),
    bookmarkRefused: bookmarkRefused().nullable(),
  })),
}));

/** A public key as a JWK with its id and algorithm. */
const digestKey = () => z.strictObject({
  kid: z.string().min(1),
  kty: z.string(),
  crv: z.string(),
  x: z.string(),
  y: z.string().optional(),
  alg: z.enum(['ES256', 'EdDSA']),
});

/** GET /ledger/digest-key: the keys that verify the digests, and the period the signer runs on (seconds). */
export const keys = lazy(() => z.strictObject({ keys: z.array(digestKey()), periodSeconds: z.number().int().min(1) }));

export type SignedDigestAnswer = z.output<ReturnType<typeof signedDigest>>;
export type DigestRunsAnswer = z.output<ReturnType<typeof runs>>;
export type DigestRunAnswer = DigestRunsAnswer['runs'][number];
export type DigestKeysAnswer = z.output<ReturnType<typeof keys>>;
export type DigestKeyAnswer = DigestKeysAnswer['keys'][number];

// The schemas are the domain's types, field for field: a field added to one side only fails to compile.
const _domainTypes: [Exact<SignedDigestAnswer, SignedDigest>, Exact<DigestKeyAnswer, DigestKey>] = [true, true];
