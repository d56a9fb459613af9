/**
 * Verification against the signed digests (ADR 012): what `awards verify --digests` and the console's ledger page both
 * run, so they reach the same verdict on the same ledger. It imports nothing but the domain's import-free modules, so
 * the console's bundle carries it to the browser; checking a signature and SHA-256 are the caller's, given as functions.
 *
 * Since issue 24 (ADR 020) the check streams: entries are read in sequence and each is checked once the digests read,
 * page by page, reach a window past it (shared/domain/digest-checker.ts), so it holds about two digests' hashes, not one
 * per signed entry. Digests in order of their ranges (as the S3 log names them, as the local log appends them) never
 * reach back; a log that does (a bookmark set back, a run retried after a crash) is read again whole, every digest
 * first, holding every hash, for the same verdict.
 */
import { DigestChecker, DigestOrderError } from './digest-checker';
import type { CheckOptions, DigestKey, DigestVerdict, EntryRef, SignatureVerifier, SignedDigest } from './digest-body';
import { type HashedEntry, entryHashText } from './entry-text';

export {
  type CheckOptions, type DigestBody, DigestCheckError, type DigestKey, type DigestVerdict, type EntryRef, SIGNATURE_DOES_NOT_VERIFY, type SignatureVerifier,
  type SignedDigest, type Unsigned, bodyProblem, checkSignature, digestText, signatureInput,
} from './digest-body';
export { DigestChecker, DigestOrderError } from './digest-checker';

/** SHA-256 of a text (UTF-8), as 64 hex digits: node:crypto in the CLI, WebCrypto in the browser. */
export type Sha256 = (text: string) => Promise<string>;

/** An entry as the API serves it: every field its hash covers, and the hash. */
export type ServedEntry = HashedEntry & EntryRef;

/** The hash the first entry of a chain names as the one before it (shared/domain/ledger.ts GENESIS_HASH). */
const GENESIS = '0'.repeat(64);

/**
 * Where the checker reads from: the public keys, and one jurisdiction's digests and entries, a page at a time. Each
 * read starts from the beginning when called: a log out of range order is read a second time.
 */
export interface DigestSource {
  readonly keys: ReadonlyMap<string, DigestKey>;
  readonly verify: SignatureVerifier;
  /** Recomputes each entry's hash from its content: an entry changed under its old hash is caught here (review H7). */
  readonly sha256: Sha256;
  readonly digests: () => AsyncIterable<readonly SignedDigest[]>;
  readonly entries: () => AsyncIterable<readonly ServedEntry[]>;
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

type Options = CheckOptions & {
  readonly progress?: (digests: number, entries: number) => void;
  /** Told, with each progress, how many signed hashes the checker holds and the most it held (the bench, the tests). */
  readonly retained?: (held: DigestChecker['retained']) => void;
};

/** Checks one jurisdiction, page by page; `progress` hears how many digests and entries were read. It stops at a fault. */
export async function checkDigests(jurisdiction: string, source: DigestSource, options: Options): Promise<DigestVerdict> {
  try {
    return await streamed(new DigestChecker(jurisdiction, source.keys, source.verify, options), source, options);
  } catch (error) {
    if (!(error instanceof DigestOrderError)) throw error;
    return wholeLog(new DigestChecker(jurisdiction, source.keys, source.verify, options), source, options);
  }
}

/** The digests one at a time, a page read when the last one is used up. */
function digestReader(pages: AsyncIterable<readonly SignedDigest[]>): () => Promise<SignedDigest | null> {
  const iterator = pages[Symbol.asyncIterator]();
  let page: readonly SignedDigest[] = [];
  let at = 0;
  return async () => {
    while (at >= page.length) {
      const next = await iterator.next();
      if (next.done === true) return null;
      page = next.value;
      at = 0;
    }
    const digest = page[at]!;
    at += 1;
    return digest;
  };
}

/** Entries and digests interleaved: before each entry, digests are read until they reach a window past it (or end). */
async function streamed(checker: DigestChecker, source: DigestSource, options: Options): Promise<DigestVerdict> {
  const nextDigest = digestReader(source.digests());
  let digestsLeft = true;
  const readDigests = async (enough: () => boolean) => {
    while (digestsLeft && !checker.digestFailed && !enough()) {
      const d = await nextDigest();
      if (d === null) digestsLeft = false;
      else await checker.addDigest(d);
    }
  };
  // The first window's digests before the first page of entries: a log refused at its first digest reads no entry.
  await readDigests(() => checker.signedAhead);
  let previous: string | null = null;
  for await (const page of checker.digestFailed ? [] : source.entries()) {
    for (const e of page) {
      await readDigests(() => checker.signedAhead);
      if (checker.digestFailed) break;
      previous = await checkOne(checker, e, previous, source.sha256);
      if (checker.failed) break;
    }
    options.progress?.(checker.digests, checker.entriesChecked);
    options.retained?.(checker.retained);
    if (checker.failed) break;
  }
  // An entry's fault is the verdict only if no digest is refused and no two disagree: the rest are read all the same.
  checker.finishEntries();
  await readDigests(() => false);
  options.progress?.(checker.digests, checker.entriesChecked);
  options.retained?.(checker.retained);
  return checker.result();
}

/** One entry: its content against the previous hash, then against the digests read; its hash, for the next. */
async function checkOne(checker: DigestChecker, e: ServedEntry, previous: string | null, sha256: Sha256): Promise<string> {
  const wrong = await contentProblem(e, previous, sha256);
  if (wrong !== null) checker.faultAt(e.seq, wrong);
  checker.checkEntry(e);
  return e.hash;
}

/** Every digest first, then the entries: what the check did before issue 24, holding one hash per signed entry. */
async function wholeLog(checker: DigestChecker, source: DigestSource, options: Options): Promise<DigestVerdict> {
  for await (const page of source.digests()) {
    for (const d of page) await checker.addDigest(d);
    options.progress?.(checker.digests, 0);
    options.retained?.(checker.retained);
    if (checker.digestFailed) return checker.result();
  }
  let previous: string | null = null;
  for await (const page of source.entries()) {
    for (const e of page) {
      previous = await checkOne(checker, e, previous, source.sha256);
      if (checker.failed) break;
    }
    options.progress?.(checker.digests, checker.entriesChecked);
    if (checker.failed) break;
  }
  return checker.result();
}
