/**
 * The disbursement ledger: double entry and a hash chain, pure.
 *
 * Each entry belongs to one jurisdiction, carries the next sequence number of that jurisdiction, the previous
 * entry's hash and the SHA-256 of its own canonical form, so an auditor can prove that nothing was altered,
 * removed or reordered. Each entry moves money between the accounts of one jurisdiction-year; its postings sum to
 * zero. `funding` is where allocations come from, so available + reserved + disbursed + receivable always equals
 * the allocation, and `available` never goes below zero.
 */
import assert from './assert';
import { sha256Hex } from './sha256';
import { canonicalJson } from './canonical-json';
import { entryHashText } from './entry-text';
import type { Status } from './lifecycle';
import { holdsIdNumber } from './person';

/** `transit`: sent to the bank in a payment batch, not yet confirmed (version 2). */
export const ACCOUNTS = ['funding', 'available', 'reserved', 'transit', 'disbursed', 'receivable'] as const;
export type Account = (typeof ACCOUNTS)[number];

export interface Posting {
  readonly account: Account;
  /** Signed: what the entry adds to (or, negative, takes from) the account. */
  readonly deltaFen: number;
}

export const ENTRY_TYPES = [
  'ALLOCATED',
  'RECORDED',
  // Version 3: an award held released by an officer, with a basis; it moves money only as a new award's recording would.
  'HOLD_RELEASED',
  // Version 3 (issue 21): a hold placed on a recorded award (an officer's, the credit list's, the cap's), releasing what
  // it reserved; a written objection during publicity and its decision; the end of the notice period.
  'HELD',
  'OBJECTION',
  'OBJECTION_DECIDED',
  'PUBLICITY_ENDED',
  'AMOUNT_SET',
  'BUDGET_SERVED',
  'APPROVAL',
  'REJECTED',
  'PAYMENT_SENT',
  'DISBURSED',
  'PAYMENT_FAILED',
  'REVOCATION_NOTED',
  'PAYMENT_RETRIED',
  'VOIDED',
  'CLAWBACK_OPENED',
  'REPAID',
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** An entry before the chain gives it a place: what the deciders return. */
export interface EntryDraft {
  readonly type: EntryType;
  readonly fiscalYear: number;
  readonly awardId: string | null;
  /** The recipient's credit code or a person's keyed id (never an identity number); null for budget entries. */
  readonly recipientId: string | null;
  readonly amountFen: number;
  readonly postings: readonly Posting[];
  readonly statusAfter: Status | null;
  readonly actor: string;
  readonly eventId: string | null;
  readonly note: string;
}

export interface EntryBody extends EntryDraft {
  readonly jurisdiction: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly at: string;
}

export interface LedgerEntry extends EntryBody {
  readonly hash: string;
}

/** The hash before the first entry of every jurisdiction. */
export const GENESIS_HASH = '0'.repeat(64);

export function move(from: Account, to: Account, amountFen: number): Posting[] {
  assert.ok(Number.isSafeInteger(amountFen) && amountFen > 0, `a movement is a positive safe integer of fen, got ${amountFen}`);
  return [
    { account: from, deltaFen: -amountFen },
    { account: to, deltaFen: amountFen },
  ];
}

export { canonicalJson };

/** SHA-256 of the entry's canonical text (entry-text.ts, which the digest checker recomputes wherever it runs). */
export function hashEntry(body: EntryBody): string {
  return sha256Hex(entryHashText(body));
}

/** Checks a draft before it is written: integer postings that balance, on known accounts (STYLE 7). */
export function assertDraft(draft: EntryDraft): void {
  assert.ok(ENTRY_TYPES.includes(draft.type), `unknown entry type ${draft.type}`);
  assert.ok(Number.isSafeInteger(draft.fiscalYear) && draft.fiscalYear >= 2000 && draft.fiscalYear <= 2999, 'fiscal year');
  assert.ok(Number.isSafeInteger(draft.amountFen) && draft.amountFen >= 0, `entry amount must be fen, got ${draft.amountFen}`);
  // Kept forever and read by every auditor: the deciders mask what they quote (draft() in awards.ts).
  assert.ok(!holdsIdNumber(draft.note) && !holdsIdNumber(draft.actor), 'a ledger entry\'s note and actor never hold an identity number');
  let sum = 0;
  for (const posting of draft.postings) {
    assert.ok(ACCOUNTS.includes(posting.account), `unknown account ${posting.account}`);
    assert.ok(Number.isSafeInteger(posting.deltaFen) && posting.deltaFen !== 0, `posting must be non-zero fen, got ${posting.deltaFen}`);
    sum += posting.deltaFen;
  }
  assert.equal(sum, 0, `postings of a ${draft.type} entry must balance`);
}

/** Places drafts after a head: sequence numbers, previous hashes, hashes. */
export function chain(jurisdiction: string, head: { seq: number; hash: string }, drafts: readonly EntryDraft[], at: string): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let previous = head;
  for (const draft of drafts) {
    assertDraft(draft);
    const body: EntryBody = { ...draft, jurisdiction, seq: previous.seq + 1, prevHash: previous.hash, at };
    const entry = { ...body, hash: hashEntry(body) };
    entries.push(entry);
    previous = { seq: entry.seq, hash: entry.hash };
  }
  return entries;
}

export interface Balances {
  readonly allocatedFen: number;
  readonly availableFen: number;
  readonly reservedFen: number;
  readonly inTransitFen: number;
  readonly disbursedFen: number;
  readonly receivableFen: number;
}

export const ZERO_BALANCES: Balances = { allocatedFen: 0, availableFen: 0, reservedFen: 0, inTransitFen: 0, disbursedFen: 0, receivableFen: 0 };

const FIELD: Record<Account, keyof Balances> = {
  funding: 'allocatedFen',
  available: 'availableFen',
  reserved: 'reservedFen',
  transit: 'inTransitFen',
  disbursed: 'disbursedFen',
  receivable: 'receivableFen',
};

/** Balances after postings, or the name of the account that would go below zero. */
export function applyPostings(balances: Balances, postings: readonly Posting[]): Balances | { negative: Account } {
  const next: Record<keyof Balances, number> = { ...balances };
  for (const posting of postings) {
    // The funding account's balance is minus the allocation; keep the allocation, which people read.
    next[FIELD[posting.account]] += posting.account === 'funding' ? -posting.deltaFen : posting.deltaFen;
  }
  for (const account of ACCOUNTS) {
    const value = next[FIELD[account]];
    assert.ok(Number.isSafeInteger(value), `balance of ${account} left the safe integers`);
    if (value < 0) return { negative: account };
  }
  return next;
}

/**
 * Balances plus postings without a floor: for a sum that starts part way through a chain (a report from the first day
 * of a year, execution.ts), whose running balances may dip below zero before the earlier allocations are added.
 */
export function addPostings(balances: Balances, postings: readonly Posting[]): Balances {
  const next: Record<keyof Balances, number> = { ...balances };
  for (const p of postings) next[FIELD[p.account]] += p.account === 'funding' ? -p.deltaFen : p.deltaFen;
  for (const value of Object.values(next)) assert.ok(Number.isSafeInteger(value), 'a balance left the safe integers');
  return next;
}

export function sumOfAccounts(b: Balances): number {
  return b.availableFen + b.reservedFen + b.inTransitFen + b.disbursedFen + b.receivableFen;
}

export type Verification
  = | { ok: true; entries: number; head: string; balances: Map<number, Balances> }
    | { ok: false; entries: number; badSeq: number; reason: string };

/** Where a verification stands: the next sequence number, the hash before it, and the balances so far. */
export interface ChainState {
  readonly nextSeq: number;
  readonly prevHash: string;
  readonly balances: ReadonlyMap<number, Balances>;
}

export const GENESIS_STATE: ChainState = { nextSeq: 1, prevHash: GENESIS_HASH, balances: new Map() };

export type StepResult = { ok: true; state: ChainState } | { ok: false; badSeq: number; reason: string };

/**
 * Checks entries that continue a chain from `from`: sequence numbers without gaps, each entry's previous hash and own
 * hash, balanced postings, balances that never go below zero and always sum to the allocation. Resumable: a long
 * chain is checked a step at a time, each step from the state the last one returned.
 */
export function verifyEntries(jurisdiction: string, entries: readonly LedgerEntry[], from: ChainState): StepResult {
  const balances = new Map(from.balances);
  let previousHash = from.prevHash;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as LedgerEntry;
    const expected = from.nextSeq + i;
    const fail = (reason: string): StepResult => ({ ok: false, badSeq: expected, reason });
    if (entry.jurisdiction !== jurisdiction) return fail(`entry belongs to ${entry.jurisdiction}`);
    if (entry.seq !== expected) return fail(`expected sequence number ${expected}, found ${entry.seq} (an entry is missing or out of order)`);
    if (entry.prevHash !== previousHash) return fail('previous hash does not match the entry before it');
    if (hashEntry(entry) !== entry.hash) return fail('hash does not match the entry (it was altered)');
    try {
      assertDraft(entry);
    } catch (error) {
      return fail((error as Error).message);
    }
    const before = balances.get(entry.fiscalYear) ?? ZERO_BALANCES;
    const after = applyPostings(before, entry.postings);
    if ('negative' in after) return fail(`account ${after.negative} of ${entry.fiscalYear} goes below zero`);
    if (sumOfAccounts(after) !== after.allocatedFen) return fail('accounts no longer sum to the allocation');
    balances.set(entry.fiscalYear, after);
    previousHash = entry.hash;
  }
  return { ok: true, state: { nextSeq: from.nextSeq + entries.length, prevHash: previousHash, balances } };
}

/** Verifies a whole chain held in memory (tests, small chains); the store verifies in steps. */
export function verifyChain(jurisdiction: string, entries: readonly LedgerEntry[]): Verification {
  const result = verifyEntries(jurisdiction, entries, GENESIS_STATE);
  if (!result.ok) return { ok: false, entries: entries.length, badSeq: result.badSeq, reason: result.reason };
  return { ok: true, entries: entries.length, head: result.state.prevHash, balances: new Map(result.state.balances) };
}
