import { describe, expect, it } from 'vitest';
import {
  type EntryDraft,
  GENESIS_HASH,
  type LedgerEntry,
  applyPostings,
  assertDraft,
  canonicalJson,
  chain,
  hashEntry,
  move,
  verifyChain,
  ZERO_BALANCES,
} from '../../shared/domain/ledger';

const draft = (overrides: Partial<EntryDraft>): EntryDraft => ({
  type: 'RECORDED',
  fiscalYear: 2026,
  awardId: 'aw-1',
  recipientId: null,
  amountFen: 0,
  postings: [],
  statusAfter: 'PENDING_APPROVAL',
  actor: 'test',
  eventId: null,
  note: '',
  ...overrides,
});

function sample(): LedgerEntry[] {
  return chain('130000', { seq: 0, hash: GENESIS_HASH }, [
    draft({ type: 'ALLOCATED', awardId: null, amountFen: 1_000, postings: move('funding', 'available', 1_000), statusAfter: null }),
    draft({ amountFen: 300, postings: move('available', 'reserved', 300) }),
    draft({ type: 'APPROVAL', statusAfter: 'APPROVED' }),
    draft({ type: 'DISBURSED', amountFen: 300, postings: move('reserved', 'disbursed', 300), statusAfter: 'DISBURSED' }),
    draft({ type: 'CLAWBACK_OPENED', amountFen: 300, postings: move('disbursed', 'receivable', 300), statusAfter: 'CLAWBACK_DUE' }),
    draft({ type: 'REPAID', amountFen: 100, postings: move('receivable', 'available', 100), statusAfter: 'CLAWBACK_DUE' }),
  ], '2026-03-01T00:00:00.000Z');
}

describe('hash chain', () => {
  it('chains entries and verifies them, with balances that sum to the allocation', () => {
    const entries = sample();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    const result = verifyChain('130000', entries);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.head).toBe(entries[5]?.hash);
    expect(result.balances.get(2026)).toEqual({ allocatedFen: 1_000, availableFen: 800, reservedFen: 0, inTransitFen: 0, disbursedFen: 0, receivableFen: 200 });
  });

  it.each([
    ['an altered note', (e: LedgerEntry[]) => e.map((x) => (x.seq === 3 ? { ...x, note: 'edited' } : x)), 3],
    ['a removed entry', (e: LedgerEntry[]) => e.filter((x) => x.seq !== 4), 4],
    ['two entries swapped', (e: LedgerEntry[]) => [e[0], e[1], e[3], e[2], e[4], e[5]] as LedgerEntry[], 3],
    ['a re-hashed forgery', (e: LedgerEntry[]) => e.map((x) => (x.seq === 2 ? { ...x, note: 'forged', hash: hashEntry({ ...x, note: 'forged' }) } : x)), 3],
    ['an entry of another jurisdiction', (e: LedgerEntry[]) => e.map((x) => (x.seq === 5 ? { ...x, jurisdiction: '130100' } : x)), 5],
  ])('names the first bad sequence number after %s', (_name, tamper, badSeq) => {
    expect(verifyChain('130000', tamper(sample()))).toMatchObject({ ok: false, badSeq });
  });

  it('hashes a canonical form: key order does not matter, every field does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const [entry] = sample();
    if (entry === undefined) throw new Error('an entry');
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as LedgerEntry;
    expect(hashEntry(reordered)).toBe(entry.hash);
    expect(hashEntry({ ...entry, fiscalYear: 2027 })).not.toBe(entry.hash);
  });
});

describe('double entry', () => {
  it('refuses unbalanced postings, fractional fen and zero movements', () => {
    expect(() => assertDraft(draft({ postings: [{ account: 'available', deltaFen: -5 }, { account: 'reserved', deltaFen: 4 }] }))).toThrow(/balance/);
    expect(() => assertDraft(draft({ postings: [{ account: 'available', deltaFen: -0.5 }, { account: 'reserved', deltaFen: 0.5 }] }))).toThrow(/fen/);
    expect(() => move('available', 'reserved', 0)).toThrow(/positive/);
  });

  it('reports the account a posting would take below zero', () => {
    expect(applyPostings(ZERO_BALANCES, move('available', 'reserved', 1))).toEqual({ negative: 'available' });
  });

  it('a verifier finds an overdraft even in a well-hashed chain', () => {
    const entries = chain('130000', { seq: 0, hash: GENESIS_HASH }, [draft({ amountFen: 5, postings: move('available', 'reserved', 5) })], '2026-03-01T00:00:00.000Z');
    expect(verifyChain('130000', entries)).toMatchObject({ ok: false, badSeq: 1, reason: expect.stringContaining('available') });
  });
});
