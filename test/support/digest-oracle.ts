/**
 * The digest checker as it was before issue 24 (shared/domain/digest-check.ts at a2189bd): every digest first, one
 * hash kept per signed entry, then the entries. Kept here, unchanged but for its imports, as the oracle the streaming
 * checker's verdicts are compared with (test/unit/digest-check.test.ts): same ledger, same digests, same verdict.
 */
import {
  type CheckOptions, DigestCheckError, type DigestKey, type DigestSource, type DigestVerdict, type EntryRef, type SignatureVerifier, type SignedDigest,
  type Unsigned, checkSignature, contentProblem,
} from '../../shared/domain/digest-check';

const entries = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);

/**
 * Checks one jurisdiction's chain against its signed digests, as a stream: every digest first (`addDigest`, awaited
 * one after another), then the entries in sequence (`checkEntry`), then `result()`. It keeps one hash per signed entry.
 */
export class LinearDigestChecker {
  private readonly signed = new Map<number, string>();
  private lastSigned = 0;
  private checked = 0;
  private unsigned: { fromSeq: number; count: number; since: string } | null = null;
  private problem: { seq: number; reason: string } | null = null;
  /** Digests accepted so far. */
  digests = 0;

  constructor(
    readonly jurisdiction: string,
    private readonly keys: ReadonlyMap<string, DigestKey>,
    private readonly verify: SignatureVerifier,
    private readonly options: CheckOptions,
  ) {
    if (!(Number.isFinite(options.periodSeconds) && options.periodSeconds > 0)) throw new DigestCheckError(`a digest period is a positive number of seconds, not ${options.periodSeconds}`);
    if (Number.isNaN(options.now.getTime())) throw new DigestCheckError('the instant to check at is not a date');
  }

  /** Whether a fault was found: nothing more read changes the verdict. */
  get failed(): boolean {
    return this.problem !== null;
  }

  /** The last entry checked. */
  get entriesChecked(): number {
    return this.checked;
  }

  async addDigest(d: SignedDigest): Promise<void> {
    if (this.problem !== null) return;
    const from = Number.isSafeInteger(d.fromSeq) && d.fromSeq >= 1 ? d.fromSeq : 1;
    const refused = (why: string) => this.fail(from, `the digest of entries ${String(d.fromSeq)}..${String(d.seq)} signed at ${String(d.at)} is refused: ${why}`);
    // A digest of another jurisdiction says nothing about this one's entries: whoever lists it here misleads.
    if (d.jurisdiction !== this.jurisdiction) return refused(`it is a digest of ${String(d.jurisdiction)}, listed as one of ${this.jurisdiction}`);
    const bad = await checkSignature(d, this.keys, this.verify);
    if (bad !== null) return refused(bad);
    this.digests += 1;
    d.hashes.forEach((hash, n) => {
      const seq = d.fromSeq + n;
      const before = this.signed.get(seq);
      if (before !== undefined && before !== hash) this.fail(seq, `two signed digests disagree about entry ${seq}: the ledger was altered and signed again`);
      this.signed.set(seq, hash);
    });
    this.lastSigned = Math.max(this.lastSigned, d.seq);
  }

  checkEntry(entry: EntryRef): void {
    if (this.problem !== null) return;
    if (entry.seq !== this.checked + 1) {
      const what = entry.seq <= this.checked ? `entry ${entry.seq} came again after entry ${this.checked}` : `entries ${this.checked + 1}..${entry.seq - 1} are missing from the ledger`;
      return this.fail(Math.min(entry.seq, this.checked + 1), what);
    }
    this.checked = entry.seq;
    const expected = this.signed.get(entry.seq);
    if (expected !== undefined) {
      if (expected !== entry.hash) this.fail(entry.seq, `entry ${entry.seq} has hash ${entry.hash.slice(0, 16)}…, but a signed digest says ${expected.slice(0, 16)}…: it was altered after it was signed`);
      return;
    }
    if (entry.seq < this.lastSigned) {
      let end = entry.seq;
      while (end + 1 < this.lastSigned && !this.signed.has(end + 1)) end += 1;
      return this.fail(entry.seq, `entries ${entry.seq}..${end} were never signed, though later entries were: the digest bookmark was moved past them`);
    }
    this.unsigned ??= { fromSeq: entry.seq, count: 0, since: entry.at };
    this.unsigned.count += 1;
  }

  /** The verdict once every entry was given. */
  result(): DigestVerdict {
    const { jurisdiction, digests } = this;
    if (this.problem === null && this.checked < this.lastSigned) this.fail(this.checked + 1, `entries ${this.checked + 1}..${this.lastSigned} were signed but are no longer in the ledger`);
    if (this.problem === null && this.unsigned !== null) this.checkWaiting(this.unsigned);
    const unsigned = this.unsigned === null ? null : { ...this.unsigned };
    if (this.problem !== null) return { jurisdiction, ok: false, digests, badSeq: this.problem.seq, reason: this.problem.reason, unsigned };
    return { jurisdiction, ok: true, digests, signedThrough: this.lastSigned, unsigned };
  }

  /**
   * Entries after the last signed one may wait for the next run, and the run after it if one failed: two periods.
   * Longer means signing has stopped (a broken schedule, or a bookmark moved ahead of the head). A time that cannot be
   * read, or one later than a period from now, is no excuse: an entry's time is the table's word, not a signature.
   */
  private checkWaiting(u: Unsigned): void {
    const { now, periodSeconds } = this.options;
    const ageMs = now.getTime() - Date.parse(u.since);
    const late = `${entries(u.count)} from entry ${u.fromSeq} not signed since ${u.since}, more than two digest periods (2 × ${periodSeconds} s) ago: signing has stopped, or skips them`;
    if (Number.isNaN(ageMs) || ageMs > 2 * periodSeconds * 1000) return this.fail(u.fromSeq, late);
    if (ageMs < -periodSeconds * 1000) this.fail(u.fromSeq, `entry ${u.fromSeq} is dated ${u.since}, after the time of this check (${now.toISOString()}): its time cannot be trusted`);
  }

  /** A fault found outside the checker (an entry's content, read by contentProblem): the first one is the verdict. */
  faultAt(seq: number, reason: string): void {
    this.fail(seq, reason);
  }

  private fail(seq: number, reason: string): void {
    this.problem ??= { seq, reason };
  }
}

/** Checks one jurisdiction as before issue 24: every digest page first, then every entry page. */
export async function linearCheckDigests(
  jurisdiction: string,
  source: DigestSource,
  options: CheckOptions,
): Promise<DigestVerdict> {
  const checker = new LinearDigestChecker(jurisdiction, source.keys, source.verify, options);
  for await (const page of source.digests()) {
    for (const d of page) await checker.addDigest(d);
    if (checker.failed) return checker.result();
  }
  let previous: string | null = null;
  for await (const page of source.entries()) {
    for (const e of page) {
      const wrong = await contentProblem(e, previous, source.sha256);
      if (wrong !== null) checker.faultAt(e.seq, wrong);
      checker.checkEntry(e);
      previous = e.hash;
      if (checker.failed) break;
    }
    if (checker.failed) break;
  }
  return checker.result();
}
