/**
 * The digest bookmark (keys.digestPointer): where the last run stopped signing a jurisdiction. It lives in the table,
 * so whoever can write the table can move it, and the signer believes it only as far as the write-once log bears it
 * out (ADR 012). Moved back to where an earlier digest ended, it is believed: the signer signs those entries again,
 * and if they were altered meanwhile two signed digests disagree, which verification reports. Moved anywhere else (past
 * the head, or to an entry no digest ends at) it would make the signer skip entries, silently and for good; so it is
 * refused, the run resumes after the last entry the log really signs, and the refusal is reported, counted and alarmed.
 * The table's side (reading it with the head, moving it forward) is the store's (shared/store/digest-bookmark.ts).
 */
import type { AwardStore } from '../../store/store';
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
export async function trustedBookmark(store: AwardStore, log: DigestLog, jurisdiction: string): Promise<Bookmark> {
  const { stored, head } = await store.digestBookmark.read(jurisdiction);
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
