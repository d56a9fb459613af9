/**
 * The digest bookmark (keys.digestPointer): where the last run stopped signing a jurisdiction. It lives in the table,
 * so whoever can write the table can move it, and the signer believes it only as far as the write-once log bears it
 * out (ADR 012). Moved back to where an earlier digest ended, it is believed: the signer signs those entries again,
 * and if they were altered meanwhile two signed digests disagree, which verification reports. Moved anywhere else (past
 * the head, or to an entry no digest ends at) it would make the signer skip entries, silently and for good; so it is
 * refused, the run resumes after the last entry the log really signs, and the refusal is reported, counted and alarmed.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreCore } from '../../store/core';
import { parseHead } from '../../store/items';
import { keys } from '../../store/table';
import type { DigestLog } from './ports';

/** The count ledger-digest emits of the bookmarks it refused, and the stack alarms on (infra/constructs/digests.ts). */
export const BOOKMARK_REFUSED_METRIC = 'DigestBookmarkRefused';

/** A bookmark the signer would not believe, and where it resumed instead. */
export interface BookmarkRefusal {
  /** What the table said (NaN when it said no number). */
  readonly lastSeq: number;
  /** The jurisdiction's head when the run read it. */
  readonly head: number;
  /** The last entry the log signs, or the head if the log signs past it (a cut chain): the run signs from the next. */
  readonly resumedAfter: number;
  readonly reason: string;
}

export interface Bookmark {
  /** The run signs the entries after this one. */
  readonly lastSeq: number;
  readonly refused: BookmarkRefusal | null;
}

/** Reads the bookmark and the head, and believes the bookmark only if the log bears it out. */
export async function trustedBookmark(core: StoreCore, log: DigestLog, jurisdiction: string): Promise<Bookmark> {
  const [pointer, headItem] = await Promise.all([core.get(keys.digestPointer(jurisdiction)), core.get(keys.ledgerHead(jurisdiction))]);
  const head = parseHead(headItem).seq;
  const stored = pointer === null ? 0 : typeof pointer.lastSeq === 'number' ? pointer.lastSeq : Number.NaN;
  const number = Number.isSafeInteger(stored) && stored >= 0;
  if (number && stored === 0) return { lastSeq: 0, refused: null };
  if (number && stored <= head && (await log.endsAt(jurisdiction, stored))) return { lastSeq: stored, refused: null };
  const reason = !number
    ? 'it holds no entry number'
    : stored > head
      ? `it names entry ${stored}, ahead of the head (entry ${head})`
      : `no signed digest ends at entry ${stored}, so no run of the signer left it there`;
  const resumedAfter = Math.min(await log.lastSigned(jurisdiction), head);
  return { lastSeq: resumedAfter, refused: { lastSeq: stored, head, resumedAfter, reason } };
}

/**
 * Moves the bookmark to `seq` once its digests are written. Two runs at once: the later bookmark wins only forward, and
 * a run that lost signed nothing wrong, only again. A refused bookmark is replaced whatever its value, as long as it
 * is still the one refused (another run may have repaired it meanwhile).
 */
export async function moveBookmark(
  core: StoreCore,
  jurisdiction: string,
  to: { seq: number; hash: string; at: string },
  refused: BookmarkRefusal | null,
): Promise<void> {
  const forward = 'attribute_not_exists(lastSeq) OR lastSeq < :seq';
  const condition = refused === null
    ? { ConditionExpression: forward, ExpressionAttributeValues: { ':seq': to.seq } }
    : Number.isSafeInteger(refused.lastSeq)
      ? { ConditionExpression: `${forward} OR lastSeq = :refused`, ExpressionAttributeValues: { ':seq': to.seq, ':refused': refused.lastSeq } }
      : { ConditionExpression: `${forward} OR NOT attribute_type(lastSeq, :number)`, ExpressionAttributeValues: { ':seq': to.seq, ':number': 'N' } };
  await core.client.send(new PutCommand({
    TableName: core.table,
    Item: { ...keys.digestPointer(jurisdiction), itemType: 'digest-pointer', jurisdiction, lastSeq: to.seq, hash: to.hash, at: to.at },
    ...condition,
  })).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
}
