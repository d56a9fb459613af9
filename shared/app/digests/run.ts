/**
 * A digest run (every few minutes, and on demand): for each jurisdiction, the entries since the last digest are read
 * in sequence (bounded pages, at most `entriesMax` a run), signed in digests of at most LIMITS.digests.hashesMax entries,
 * written to the write-once log, and only then the bookmark moved. A crash between the two signs the same range again
 * next time: the log takes it as the same digest (S3 If-None-Match) or a duplicate line that verification reads as
 * agreeing. The bookmark is believed only as far as the log bears it out (bookmark.ts): set back, the signer signs
 * again what it already signed, and any difference shows as two digests that disagree; moved ahead, it is refused.
 */
import { type SignedDigest, digestMessage, planDigests } from '../../adapters/digests/node-digest';
import type { LedgerEntry } from '../../domain/ledger';
import type { AwardStore } from '../../store/store';
import { type BookmarkRefusal, trustedBookmark } from './bookmark';
import type { DigestLog, DigestSigner } from './ports';

export type { BookmarkRefusal } from './bookmark';

export interface DigestRun {
  readonly jurisdiction: string;
  readonly digests: number;
  readonly entries: number;
  /** The head now signed (null when the jurisdiction has no entry yet). */
  readonly signedThrough: number | null;
  /** The bookmark the run would not believe, and where it resumed instead (null when it believed it). */
  readonly bookmarkRefused: BookmarkRefusal | null;
}

const PAGE = 1000;

export async function signDigests(
  store: AwardStore,
  deps: { readonly signer: DigestSigner; readonly log: DigestLog },
  jurisdictions: readonly string[],
  options: { readonly now: Date; readonly entriesMax?: number },
): Promise<DigestRun[]> {
  const runs: DigestRun[] = [];
  for (const jurisdiction of jurisdictions) runs.push(await signOne(store, deps, jurisdiction, options.now, options.entriesMax ?? 5 * PAGE));
  return runs;
}

type Deps = { readonly signer: DigestSigner; readonly log: DigestLog };

async function signOne(store: AwardStore, deps: Deps, jurisdiction: string, now: Date, entriesMax: number): Promise<DigestRun> {
  const { lastSeq, refused } = await trustedBookmark(store, deps.log, jurisdiction);
  const entries: LedgerEntry[] = [];
  let fromSeq: number | null = lastSeq + 1;
  while (fromSeq !== null && entries.length < entriesMax) {
    const page = await store.ledgerPage(jurisdiction, { fromSeq, limit: Math.min(PAGE, entriesMax - entries.length) });
    entries.push(...page.entries);
    fromSeq = page.nextSeq;
  }
  const at = now.toISOString();
  if (entries.length === 0) {
    // Nothing to sign, but a refused bookmark is put back where signing really stopped, so the next run believes it.
    if (refused !== null) await putBack(store, jurisdiction, lastSeq, at, refused);
    return { jurisdiction, digests: 0, entries: 0, signedThrough: lastSeq === 0 ? null : lastSeq, bookmarkRefused: refused };
  }
  const bodies = planDigests(jurisdiction, entries, at);
  for (const body of bodies) {
    const signature = await deps.signer.sign(digestMessage(body));
    const digest: SignedDigest = { ...body, keyId: deps.signer.keyId, signature: signature.toString('base64') };
    await deps.log.append(digest);
  }
  const last = entries.at(-1)!;
  await store.digestBookmark.move(jurisdiction, { seq: last.seq, hash: last.hash, at }, refused);
  return { jurisdiction, digests: bodies.length, entries: entries.length, signedThrough: last.seq, bookmarkRefused: refused };
}

async function putBack(store: AwardStore, jurisdiction: string, seq: number, at: string, refused: BookmarkRefusal): Promise<void> {
  const [entry] = seq === 0 ? [] : (await store.ledgerPage(jurisdiction, { fromSeq: seq, limit: 1 })).entries;
  await store.digestBookmark.move(jurisdiction, { seq, hash: entry?.hash ?? '', at }, refused);
}
