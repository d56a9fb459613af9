/**
 * The text a ledger entry's hash is the SHA-256 of: its canonical JSON over exactly these fields, in this shape
 * (shared/domain/ledger.ts hashes it with node:crypto; the digest checker recomputes it, in the CLI and in the browser,
 * so an entry whose content was changed under its old hash is caught by whoever verifies, not only by the server).
 * Import-free but for the canonical JSON, which the browser build takes as it is.
 */
import { canonicalJson } from './canonical-json';

/** The fields of an entry its hash covers (every field but the hash itself). */
export interface HashedEntry {
  readonly jurisdiction: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly at: string;
  readonly type: string;
  readonly fiscalYear: number;
  readonly awardId: string | null;
  readonly recipientId: string | null;
  readonly amountFen: number;
  readonly postings: ReadonlyArray<{ readonly account: string; readonly deltaFen: number }>;
  readonly statusAfter: string | null;
  readonly actor: string;
  readonly eventId: string | null;
  readonly note: string;
}

export function entryHashText(body: HashedEntry): string {
  const { jurisdiction, seq, prevHash, at, type, fiscalYear, awardId, recipientId, amountFen, postings, statusAfter, actor, eventId, note } = body;
  return canonicalJson({
    jurisdiction,
    seq,
    prevHash,
    at,
    type,
    fiscalYear,
    awardId,
    recipientId,
    amountFen,
    postings: postings.map((p) => ({ account: p.account, deltaFen: p.deltaFen })),
    statusAfter,
    actor,
    eventId,
    note,
  });
}
