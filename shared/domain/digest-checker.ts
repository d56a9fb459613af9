/**
 * The one checker `awards verify --digests` and the console's ledger page both run (ADR 012), so they reach the same
 * verdict on the same ledger; since issue 24 it holds one digest window, not one hash per signed entry (ADR 020).
 *
 * It is given digests (`addDigest`) and entries in sequence (`checkEntry`), interleaved: an entry is checked once the
 * digests read reach a window past it (`signedAhead`), which, read in order of their ranges, means every digest that
 * covers it has been read; its signed hash is then forgotten. Once the entries are done (`finishEntries`) the rest of
 * the digests are still read, holding only the hashes a later digest could overlap. A digest that covers an entry
 * already checked and forgotten (a log out of range order: a bookmark set back, a run retried) is a DigestOrderError:
 * checkDigests then reads everything again with every digest first, holding them all, as before issue 24.
 *
 * The verdict is the one of reading every digest first: a fault is the first of a digest refused or two digests that
 * disagree (in the order digests are read, whenever they are read), then the first of an entry not the one signed,
 * entries missing, entries never signed although later ones were (a bookmark moved past them), signed entries gone,
 * or entries after the last signed one that have waited more than two digest periods (signing stopped).
 */
import {
  type CheckOptions, DigestCheckError, type DigestKey, type DigestVerdict, type EntryRef, type SignatureVerifier, type SignedDigest, type Unsigned,
  checkSignature,
} from './digest-body';
import { LIMITS } from '../limits';

/** A digest given after entries it covers were checked: the checker cannot tell what it says about them. */
export class DigestOrderError extends DigestCheckError {
  override name = 'DigestOrderError';
}

const entries = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);

interface Problem {
  readonly seq: number;
  readonly reason: string;
}

/** Entries never signed, from `fromSeq` to `toSeq` (the entry before the next signed one, which later digests may lower). */
interface NeverSigned {
  readonly fromSeq: number;
  toSeq: number;
}

const WINDOW = LIMITS.digests.hashesMax;

export class DigestChecker {
  /** The signed hash of each entry from `floor` on, of the digests read so far: at most two windows while streaming. */
  private readonly window = new Map<number, string>();
  /** Entries below it were checked (or can no longer be overlapped) and their hashes forgotten. */
  private floor = 1;
  private lastSigned = 0;
  private checked = 0;
  private draining = false;
  private unsigned: { fromSeq: number; count: number; since: string } | null = null;
  private digestProblem: Problem | null = null;
  private entryProblem: Problem | null = null;
  private neverSigned: NeverSigned | null = null;
  private endProblem: Problem | null = null;
  private held = 0;
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

  /** Whether a fault was found. A digest read later may still be the verdict (digests come first); entries may not. */
  get failed(): boolean {
    return this.digestProblem !== null || this.entryProblem !== null || this.neverSigned !== null;
  }

  /** Whether a digest was refused or two disagree: nothing more read changes the verdict. */
  get digestFailed(): boolean {
    return this.digestProblem !== null;
  }

  /** The last entry checked. */
  get entriesChecked(): number {
    return this.checked;
  }

  /** Whether the digests read reach a window past the next entry: no digest in range order can still cover it. */
  get signedAhead(): boolean {
    return this.lastSigned >= this.checked + 1 + WINDOW;
  }

  /** Signed hashes held now, and the most held at once: bounded by two windows while digests come in range order. */
  get retained(): { readonly hashes: number; readonly hashesMax: number } {
    return { hashes: this.window.size, hashesMax: this.held };
  }

  async addDigest(d: SignedDigest): Promise<void> {
    if (this.digestProblem !== null) return;
    const from = Number.isSafeInteger(d.fromSeq) && d.fromSeq >= 1 ? d.fromSeq : 1;
    const refused = (why: string) => this.failDigest(from, `the digest of entries ${String(d.fromSeq)}..${String(d.seq)} signed at ${String(d.at)} is refused: ${why}`);
    // A digest of another jurisdiction says nothing about this one's entries: whoever lists it here misleads.
    if (d.jurisdiction !== this.jurisdiction) return refused(`it is a digest of ${String(d.jurisdiction)}, listed as one of ${this.jurisdiction}`);
    const bad = await checkSignature(d, this.keys, this.verify);
    if (bad !== null) return refused(bad);
    if (d.fromSeq < this.floor || this.unsigned !== null) {
      throw new DigestOrderError(`the digest of entries ${d.fromSeq}..${d.seq} came after entry ${Math.max(this.floor - 1, this.checked)} was checked: digests are read in order of their ranges`);
    }
    this.digests += 1;
    d.hashes.forEach((hash, n) => {
      const seq = d.fromSeq + n;
      const before = this.window.get(seq);
      if (before !== undefined && before !== hash) this.failDigest(seq, `two signed digests disagree about entry ${seq}: the ledger was altered and signed again`);
      this.window.set(seq, hash);
    });
    this.held = Math.max(this.held, this.window.size);
    this.lastSigned = Math.max(this.lastSigned, d.seq);
    // The entries never signed end before the first signed one after them, wherever the digest that signs it is read.
    if (this.neverSigned !== null && d.fromSeq <= this.neverSigned.toSeq) this.neverSigned.toSeq = d.fromSeq - 1;
    if (this.draining) this.forgetBelow(this.lastSigned - WINDOW + 1);
  }

  checkEntry(entry: EntryRef): void {
    if (this.failed) return;
    if (entry.seq !== this.checked + 1) {
      const what = entry.seq <= this.checked ? `entry ${entry.seq} came again after entry ${this.checked}` : `entries ${this.checked + 1}..${entry.seq - 1} are missing from the ledger`;
      return this.failEntry(Math.min(entry.seq, this.checked + 1), what);
    }
    this.checked = entry.seq;
    const expected = this.window.get(entry.seq);
    this.forgetBelow(entry.seq + 1);
    if (expected !== undefined) {
      if (expected !== entry.hash) this.failEntry(entry.seq, `entry ${entry.seq} has hash ${entry.hash.slice(0, 16)}…, but a signed digest says ${expected.slice(0, 16)}…: it was altered after it was signed`);
      return;
    }
    if (entry.seq < this.lastSigned) {
      let next = this.lastSigned;
      for (const seq of this.window.keys()) if (seq > entry.seq && seq < next) next = seq;
      this.neverSigned = { fromSeq: entry.seq, toSeq: next - 1 };
      return;
    }
    this.unsigned ??= { fromSeq: entry.seq, count: 0, since: entry.at };
    this.unsigned.count += 1;
  }

  /** No more entries will be checked: from now on only what a later digest could overlap is held. */
  finishEntries(): void {
    this.draining = true;
    this.forgetBelow(this.lastSigned - WINDOW + 1);
  }

  /** The verdict once every entry and every digest was given. */
  result(): DigestVerdict {
    const { jurisdiction, digests } = this;
    if (this.problem() === null && this.checked < this.lastSigned) this.endProblem = { seq: this.checked + 1, reason: `entries ${this.checked + 1}..${this.lastSigned} were signed but are no longer in the ledger` };
    if (this.problem() === null && this.unsigned !== null) this.endProblem = this.waiting(this.unsigned);
    const unsigned = this.unsigned === null ? null : { ...this.unsigned };
    const problem = this.problem();
    if (problem !== null) return { jurisdiction, ok: false, digests, badSeq: problem.seq, reason: problem.reason, unsigned };
    return { jurisdiction, ok: true, digests, signedThrough: this.lastSigned, unsigned };
  }

  /** A fault found outside the checker (an entry's content, read by contentProblem): an entry's fault, as checkEntry finds. */
  faultAt(seq: number, reason: string): void {
    this.failEntry(seq, reason);
  }

  private problem(): Problem | null {
    const never = this.neverSigned;
    const late = never === null ? null : { seq: never.fromSeq, reason: `entries ${never.fromSeq}..${never.toSeq} were never signed, though later entries were: the digest bookmark was moved past them` };
    return this.digestProblem ?? this.entryProblem ?? late ?? this.endProblem;
  }

  /**
   * Entries after the last signed one may wait for the next run, and the run after it if one failed: two periods.
   * Longer means signing has stopped (a broken schedule, or a bookmark moved ahead of the head). A time that cannot be
   * read, or one later than a period from now, is no excuse: an entry's time is the table's word, not a signature.
   */
  private waiting(u: Unsigned): Problem | null {
    const { now, periodSeconds } = this.options;
    const ageMs = now.getTime() - Date.parse(u.since);
    const late = `${entries(u.count)} from entry ${u.fromSeq} not signed since ${u.since}, more than two digest periods (2 × ${periodSeconds} s) ago: signing has stopped, or skips them`;
    if (Number.isNaN(ageMs) || ageMs > 2 * periodSeconds * 1000) return { seq: u.fromSeq, reason: late };
    if (ageMs < -periodSeconds * 1000) return { seq: u.fromSeq, reason: `entry ${u.fromSeq} is dated ${u.since}, after the time of this check (${now.toISOString()}): its time cannot be trusted` };
    return null;
  }

  /** Forgets the signed hashes of entries below `seq`: a later digest reaching below it is out of order. */
  private forgetBelow(seq: number): void {
    if (seq <= this.floor) return;
    // Entry by entry the floor moves one at a time; after a gap in the signed entries, past the few hashes held.
    if (seq - this.floor <= this.window.size) for (let s = this.floor; s < seq; s++) this.window.delete(s);
    else for (const key of this.window.keys()) if (key < seq) this.window.delete(key);
    this.floor = seq;
  }

  private failDigest(seq: number, reason: string): void {
    this.digestProblem ??= { seq, reason };
  }

  private failEntry(seq: number, reason: string): void {
    if (!this.failed) this.entryProblem = { seq, reason };
  }
}
