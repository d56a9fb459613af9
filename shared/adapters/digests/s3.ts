/**
 * The write-once log of signed digests in AWS (ADR 012): one object per digest in a bucket with Object Lock in
 * compliance mode, so a written digest can be neither deleted nor overwritten by anyone until its retention ends.
 * An object is named by its range (`digests/<jurisdiction>/<seq>-<fromSeq>.json`, zero-padded so the names sort as
 * the ranges do) and created only if absent (If-None-Match): a retried run that signs the same range again finds
 * it written and leaves the first digest standing.
 */
import assert from 'node:assert/strict';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SignedDigest } from '../../domain/digest-check';
import type { DigestLog, DigestPage } from '../../app/digests/ports';
import { LIMITS } from '../../limits';

export const DIGEST_PREFIX = 'digests/';

/** Sequence numbers take 12 digits in a name: a trillion entries a jurisdiction. */
const pad = (n: number) => {
  assert.ok(Number.isSafeInteger(n) && n >= 1 && n < 1e12, `a digest range bound is a sequence number: ${n}`);
  return String(n).padStart(12, '0');
};

const prefixOf = (jurisdiction: string) => {
  // The jurisdiction becomes part of an object name: a division code, never a path.
  assert.match(jurisdiction, /^\d{6}$/, 'a jurisdiction is a 6-digit division code');
  return `${DIGEST_PREFIX}${jurisdiction}/`;
};

/** The object a digest is kept in. */
export function digestObjectKey(digest: Pick<SignedDigest, 'jurisdiction' | 'seq' | 'fromSeq'>): string {
  return `${prefixOf(digest.jurisdiction)}${pad(digest.seq)}-${pad(digest.fromSeq)}.json`;
}

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const alreadyWritten = (error: unknown) => statusOf(error) === 412 || (error as Error).name === 'PreconditionFailed';

export function s3DigestLog(client: S3Client, bucket: string): DigestLog {
  return {
    async append(digest) {
      const put = new PutObjectCommand({
        Bucket: bucket,
        Key: digestObjectKey(digest),
        Body: JSON.stringify(digest),
        ContentType: 'application/json',
        IfNoneMatch: '*',
        // Object Lock refuses a write without an integrity checksum; name one rather than rely on the client's default.
        ChecksumAlgorithm: 'SHA256',
      });
      for (let attempt = 1; ; attempt++) {
        try {
          await client.send(put);
          return;
        } catch (error) {
          // 412: the range is written already (a retried run); the first digest stands, which is what the log promises.
          if (alreadyWritten(error)) return;
          // 409: another run writes the same name at this moment; asking again gets 200 or 412.
          if (statusOf(error) !== 409 || attempt >= LIMITS.digests.conflictAttemptsMax) throw error;
        }
      }
    },

    async covering(jurisdiction, seq) {
      // Names sort by the range's end: the first name after "<seq - 1>~" is the first digest ending at or after `seq`.
      assert.ok(Number.isSafeInteger(seq) && seq >= 1, 'a sequence number');
      const after = `${prefixOf(jurisdiction)}${String(seq - 1).padStart(12, '0')}~`;
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefixOf(jurisdiction), StartAfter: after, MaxKeys: 1 }));
      const key = listed.Contents?.[0]?.Key;
      if (key === undefined) return null;
      const digest = await readDigest(client, bucket, key);
      return digest.fromSeq <= seq && seq <= digest.seq ? digest : null;
    },

    async endsAt(jurisdiction, seq) {
      // Names start with the range's end: one listing of that name's prefix answers, without reading a digest.
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefixOf(jurisdiction)}${pad(seq)}-`, MaxKeys: 1 }));
      return (listed.KeyCount ?? listed.Contents?.length ?? 0) > 0;
    },

    async lastSigned(jurisdiction) {
      return lastSignedSeq(async (from) => {
        // The first name at or after `from`: StartAfter the end just before it (see covering).
        const after = from > 1 ? { StartAfter: `${prefixOf(jurisdiction)}${pad(from - 1)}~` } : {};
        const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefixOf(jurisdiction), MaxKeys: 1, ...after }));
        const key = listed.Contents?.[0]?.Key;
        return key === undefined ? null : endOf(key);
      });
    },

    async list(jurisdiction, { cursor, limit }): Promise<DigestPage> {
      assert.ok(Number.isSafeInteger(limit) && limit >= 1 && limit <= LIMITS.digests.listMax, `a digest page holds 1 to ${LIMITS.digests.listMax}`);
      const request = { Bucket: bucket, Prefix: prefixOf(jurisdiction), MaxKeys: limit, ...(cursor === null ? {} : { ContinuationToken: cursor }) };
      const listed = await client
        .send(new ListObjectsV2Command(request))
        .catch((error: unknown) => {
          // The cursor is S3's continuation token, opaque to us: S3 alone can tell one it did not issue (400).
          if (cursor !== null && statusOf(error) === 400) throw new RangeError('not a digest cursor', { cause: error });
          throw error;
        });
      const keys = (listed.Contents ?? []).map((o) => o.Key).filter((k): k is string => k !== undefined).slice(0, limit);
      const items = await Promise.all(keys.map(async (key) => readDigest(client, bucket, key)));
      return { items, cursor: listed.NextContinuationToken ?? null };
    },
  };
}

/** The range's end a digest's object name starts with (digestObjectKey). */
function endOf(key: string): number {
  const match = /\/(\d{12})-\d{12}\.json$/.exec(key);
  if (match === null) throw new Error(`${key} is not the name of a digest`);
  return Number(match[1]);
}

/**
 * The greatest range end there is, found by names alone: `firstEndFrom(n)` answers the first end at or after `n` (or
 * null). A binary search between what was found and what is known to be past every end: about forty listings for a
 * trillion entries, and it runs only when the table's bookmark is refused.
 */
export async function lastSignedSeq(firstEndFrom: (n: number) => Promise<number | null>): Promise<number> {
  let found = await firstEndFrom(1);
  if (found === null) return 0;
  let past = 1e12;
  while (found + 1 < past) {
    const mid = Math.floor((found + 1 + past) / 2);
    const end = await firstEndFrom(mid);
    if (end === null) past = mid;
    else found = end;
  }
  return found;
}

async function readDigest(client: S3Client, bucket: string, key: string): Promise<SignedDigest> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if ((out.ContentLength ?? 0) > LIMITS.digests.objectBytesMax) throw new Error(`${key} is larger than ${LIMITS.digests.objectBytesMax} bytes`);
  const text = await out.Body?.transformToString('utf-8');
  if (text === undefined) throw new Error(`${key} has no body`);
  return JSON.parse(text) as SignedDigest;
}
