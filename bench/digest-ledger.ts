/**
 * A synthetic ledger of one jurisdiction and its signed digests, streamed (issue 24): nothing is stored, each page of
 * entries and each page of digests is made when the checker asks for it, from the sequence number alone, so a
 * 1,000,000-entry ledger costs the verifier what it would cost against the API, and the generator holds nothing.
 * Digests are planned as the signer plans them (planDigests, LIMITS.digests.hashesMax entries each) and signed with an
 * Ed25519 key, as on this machine.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { signerOf } from '../shared/adapters/digests/local';
import { digestMessage, planDigests, verifySignature } from '../shared/adapters/digests/node-digest';
import type { DigestKey, DigestSource, SignedDigest } from '../shared/domain/digest-check';
import { entryHashText } from '../shared/domain/entry-text';
import { GENESIS_HASH, type LedgerEntry } from '../shared/domain/ledger';
import { LIMITS } from '../shared/limits';

export const SYNTHETIC_JURISDICTION = '130000';
/** When every synthetic entry was written: all are signed, so their age never matters. */
const AT = '2026-01-01T00:00:00.000Z';

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Entry `seq` of `jurisdiction`, following the entry whose hash is `prevHash`. */
export function syntheticEntry(seq: number, prevHash: string, jurisdiction = SYNTHETIC_JURISDICTION): LedgerEntry {
  const body = {
    jurisdiction, seq, prevHash, at: AT, type: 'RECORDED' as const, fiscalYear: 2026, awardId: `aw-${seq}`,
    recipientId: '91130102MA07AB123U', amountFen: 100, postings: [], statusAfter: 'PENDING_APPROVAL' as const, actor: 'bench', eventId: null, note: 'bench',
  };
  // node:crypto's SHA-256 of the same text hashEntry hashes (the domain's own SHA-256 is pure JavaScript, and slower).
  return { ...body, hash: sha256(entryHashText(body)) };
}

/** The chain from entry 1 to `count`, in pages of `pageSize`. */
async function* chain(count: number, pageSize: number): AsyncGenerator<LedgerEntry[]> {
  let prevHash = GENESIS_HASH;
  for (let from = 1; from <= count; from += pageSize) {
    const page: LedgerEntry[] = [];
    for (let seq = from; seq <= Math.min(count, from + pageSize - 1); seq++) {
      const entry = syntheticEntry(seq, prevHash);
      page.push(entry);
      prevHash = entry.hash;
    }
    yield page;
  }
}

export interface SyntheticLedger {
  readonly source: DigestSource;
  /** Signed hashes in the digests handed out so far, and entries handed out so far: how far the digests are read ahead. */
  readonly read: { digestHashes: number; entries: number };
}

/**
 * `count` entries, every one signed, served `entriesPerPage` and `digestsPerPage` at a time (the CLI's and the
 * console's pages by default: 1,000 entries, 50 digests).
 */
export async function syntheticLedger(count: number, options: { entriesPerPage?: number; digestsPerPage?: number } = {}): Promise<SyntheticLedger> {
  const { entriesPerPage = 1000, digestsPerPage = LIMITS.digests.pageMax } = options;
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = signerOf(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  const read = { digestHashes: 0, entries: 0 };
  const keys = new Map<string, DigestKey>((await signer.publicKeys()).map((k) => [k.kid, k]));
  async function* digests(): AsyncGenerator<SignedDigest[]> {
    let page: SignedDigest[] = [];
    // A digest is made from the entries it covers: the chain is made a second time, a digest's entries at a time.
    for await (const entries of chain(count, LIMITS.digests.hashesMax)) {
      for (const body of planDigests(SYNTHETIC_JURISDICTION, entries, AT)) {
        page.push({ ...body, keyId: signer.keyId, signature: (await signer.sign(digestMessage(body))).toString('base64') });
        if (page.length === digestsPerPage) {
          read.digestHashes += page.reduce((n, d) => n + d.hashes.length, 0);
          yield page;
          page = [];
        }
      }
    }
    read.digestHashes += page.reduce((n, d) => n + d.hashes.length, 0);
    if (page.length > 0) yield page;
  }
  async function* entries(): AsyncGenerator<LedgerEntry[]> {
    for await (const page of chain(count, entriesPerPage)) {
      read.entries += page.length;
      yield page;
    }
  }
  const source: DigestSource = {
    keys,
    verify: verifySignature,
    sha256: async (text) => sha256(text),
    digests,
    entries,
  };
  return { source, read };
}
