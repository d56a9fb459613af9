/**
 * The ledger part of an evidence pack: each of the award's entries with the signed digest that covers it (ADR 012),
 * the hash that digest signed at the entry's place and whether the entry still has it. An entry whose hash is the one
 * a verified signature covers cannot have been rewritten since it was signed, even by someone who can write the table.
 * The signatures are checked by the function the caller passes (node:crypto's, shared/adapters/digests/node-digest.ts),
 * so this module stays pure.
 */
import type { DigestKey, SignedDigest } from './digest-check';
import { type LedgerEntry, hashEntry } from './ledger';

/** What the digest log holds for the award's entries (shared/app/evidence/sources.ts finds it). */
export interface DigestSearch {
  /** The digests that cover at least one of the entries, in log order. */
  readonly digests: readonly SignedDigest[];
  /** True when the log was read to its end (or every entry was covered); false when the search stopped at its bound. */
  readonly complete: boolean;
  readonly pagesRead: number;
}

export interface EntryDigest {
  readonly fromSeq: number;
  readonly seq: number;
  readonly at: string;
  readonly keyId: string;
  /** The hash the digest signed for this entry's sequence number. */
  readonly signedHash: string;
  /** Whether the entry's hash is the signed one. */
  readonly matches: boolean;
  /** Whether the digest's signature verifies with a digest key of this ledger. */
  readonly signatureValid: boolean;
}

export type EvidenceEntry = LedgerEntry & {
  /** Whether the entry's hash is the SHA-256 of its own canonical form (its content is what was hashed). */
  readonly hashRecomputes: boolean;
  readonly digest: EntryDigest | null;
  readonly digestNote: string | null;
};

export interface EvidenceDigests {
  /** The public keys that verify the digests (JWK), so the pack can be checked offline. */
  readonly keys: readonly DigestKey[];
  /** Every digest an entry refers to, whole (with the hashes it signed), and why its signature fails if it does. */
  readonly signed: ReadonlyArray<SignedDigest & { readonly signatureProblem: string | null }>;
  readonly logComplete: boolean;
  readonly pagesRead: number;
  readonly summary: { readonly entries: number; readonly signed: number; readonly matching: number; readonly differing: number; readonly unsigned: number };
}

/** Null when `digest` is signed by one of `keys`; otherwise why not (synchronous: the pack is assembled in one go). */
export type SignatureCheck = (digest: SignedDigest, keys: ReadonlyMap<string, DigestKey>) => string | null;

export const NOT_YET_SIGNED = 'not signed yet: the digest run signs new entries within minutes';

export function ledgerEvidence(
  ledger: readonly LedgerEntry[],
  search: DigestSearch,
  keys: readonly DigestKey[],
  signatureProblem: SignatureCheck,
): { entries: EvidenceEntry[]; digests: EvidenceDigests } {
  const byKid = new Map(keys.map((k) => [k.kid, k]));
  const checked = search.digests.map((d) => ({ ...d, signatureProblem: signatureProblem(d, byKid) }));
  const used = new Set<SignedDigest>();
  const entries = [...ledger].sort((x, y) => x.seq - y.seq).map((entry): EvidenceEntry => {
    // A valid signature first: a second digest of the same range (a retried run) can only agree with it or expose a rewrite.
    const covering = checked.filter((d) => d.fromSeq <= entry.seq && entry.seq <= d.seq);
    const d = covering.find((c) => c.signatureProblem === null) ?? covering[0];
    const hashRecomputes = hashEntry(entry) === entry.hash;
    if (d === undefined) {
      const note = search.complete ? NOT_YET_SIGNED : `not found within the bound: ${search.pagesRead} pages of the digest log were read`;
      return { ...entry, hashRecomputes, digest: null, digestNote: note };
    }
    used.add(d);
    const signedHash = d.hashes[entry.seq - d.fromSeq] ?? '';
    const { fromSeq, seq, at, keyId } = d;
    const digest = { fromSeq, seq, at, keyId, signedHash, matches: signedHash === entry.hash, signatureValid: d.signatureProblem === null };
    return { ...entry, hashRecomputes, digest, digestNote: null };
  });
  const signed = entries.filter((e) => e.digest !== null);
  const matching = signed.filter((e) => e.digest?.matches === true && e.digest.signatureValid).length;
  return {
    entries,
    digests: {
      keys,
      signed: checked.filter((d) => used.has(d)),
      logComplete: search.complete,
      pagesRead: search.pagesRead,
      summary: { entries: entries.length, signed: signed.length, matching, differing: signed.length - matching, unsigned: entries.length - signed.length },
    },
  };
}
