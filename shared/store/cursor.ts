/**
 * Cursors: opaque to callers, validated on the way back (CONTRACT §3: "one the API did not return answers 400, at
 * once"). A cursor names its kind and carries a digest of the query that issued it, and is sealed with a MAC under a
 * key only the API holds (derived from the person key, so instances agree): one not sealed here, that does not decode,
 * is of another kind, belongs to another query, or whose key is not a key of the partition the query reads is refused
 * with a CursorError before anything is read. A verification's cursor carries what the chain implied so far, so an
 * unsealed one could make GET /ledger/verify attest a chain it never read (attack review of issue 23, M1).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { lazy } from '../lazy';
import { LIMITS } from '../limits';
import { CursorError } from './errors';

const KEY_NAMES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'] as const;
/** A DynamoDB key as LastEvaluatedKey gives it: the table's keys, and the queried index's. */
export type StartKey = Partial<Record<(typeof KEY_NAMES)[number], string>>;

/** The cursor kinds, each with its schema, built on first use. */
const SCHEMAS = lazy(() => {
  const startKey = z.partialRecord(z.enum(KEY_NAMES), z.string().min(1).max(2_048));
  const fen = z.number().int();
  const balances = z.object({ allocatedFen: fen, availableFen: fen, reservedFen: fen, inTransitFen: fen.default(0), disbursedFen: fen, receivableFen: fen });
  return {
    /** A list over the jurisdictions the caller may read, one partition after another. */
    partitions: z.strictObject({ i: z.number().int().min(0).max(100), key: startKey.nullable() }),
    /** One index partition. */
    page: z.strictObject({ key: startKey }),
    /** A jurisdiction's ledger in sequence, by sequence number. */
    sequence: z.strictObject({ i: z.number().int().min(0).max(100), nextSeq: z.number().int().min(1) }),
    /** A verification in steps: where the next step starts, and what the chain implied so far. */
    verify: z.strictObject({
      i: z.number().int().min(0).max(100),
      nextSeq: z.number().int().min(1),
      prevHash: z.string().regex(/^[0-9a-f]{64}$/),
      balances: z.record(z.string().regex(/^\d{4}$/), balances),
      checked: z.number().int().min(0),
    }),
  };
});

export type CursorKind = keyof ReturnType<typeof SCHEMAS>;
export type CursorBody<K extends CursorKind> = z.output<ReturnType<typeof SCHEMAS>[K]>;

/** The query a cursor was issued for, as a short digest: a cursor continues only the query it came from. */
function digest(query: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(Object.keys(query).sort().map((k) => [k, query[k] ?? null]));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** Characters of a cursor's seal: 22 base64url characters, 132 bits of an HMAC-SHA-256. */
const SEAL_CHARS = 22;
/**
 * The sealing key: the one the API sets at cold start, or else one made for this process (a process that seals and
 * opens its own cursors, as tests and the local stack do, needs no configuration; a cursor never outlives a restart).
 */
let sealKey: Buffer | null = null;

/** Seal cursors with `secret` from now on (the API, at cold start: a key derived from the person key). */
export function sealCursorsWith(secret: Uint8Array): void {
  if (secret.length < 32) throw new Error('a cursor key needs at least 256 bits');
  sealKey = Buffer.from(secret);
}

function seal(payload: string): string {
  sealKey ??= randomBytes(32);
  return createHmac('sha256', sealKey).update(payload).digest('base64url').slice(0, SEAL_CHARS);
}

export function encodeCursor<K extends CursorKind>(kind: K, body: CursorBody<K>, query: Readonly<Record<string, unknown>>): string {
  const payload = Buffer.from(JSON.stringify({ k: kind, q: digest(query), b: body }), 'utf8').toString('base64url');
  return `${seal(payload)}${payload}`;
}

/** The payload of a cursor sealed here, or null. */
function opened(cursor: string): string | null {
  const payload = cursor.slice(SEAL_CHARS);
  const given = Buffer.from(cursor.slice(0, SEAL_CHARS));
  const expected = Buffer.from(seal(payload));
  return payload.length > 0 && given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
}

const envelope = lazy(() => z.strictObject({ k: z.string(), q: z.string(), b: z.unknown() }));

export function decodeCursor<K extends CursorKind>(kind: K, cursor: string | null | undefined, query: Readonly<Record<string, unknown>>): CursorBody<K> | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  if (cursor.length > LIMITS.api.cursorCharsMax || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new CursorError('cursor is not one this API returned');
  const payload = opened(cursor);
  if (payload === null) throw new CursorError('cursor is not one this API returned');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new CursorError('cursor is not one this API returned', { cause });
  }
  const outer = envelope().safeParse(raw);
  if (!outer.success || outer.data.k !== kind) throw new CursorError('cursor is not one this API returned');
  if (outer.data.q !== digest(query)) throw new CursorError('cursor belongs to another query: send the same filters as the page it came from');
  const body = SCHEMAS()[kind].safeParse(outer.data.b);
  if (!body.success) throw new CursorError('cursor is not one this API returned');
  return body.data as CursorBody<K>;
}

/** A start key must lie in the partition the query reads, or DynamoDB would refuse it (and a forged one could wander). */
export function assertKeyIn(key: StartKey | null, partition: { attribute: keyof StartKey; value: string }): void {
  if (key !== null && key[partition.attribute] !== partition.value) throw new CursorError('cursor is not one this API returned');
}

/** A cursor's position in the list of partitions a query walks: the API issues only positions inside the list. */
export function assertIndexIn(i: number, partitions: readonly unknown[]): void {
  if (i >= partitions.length) throw new CursorError('cursor is not one this API returned');
}
